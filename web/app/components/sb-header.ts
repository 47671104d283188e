import { LitElement, css, html, nothing } from 'lit';
import type { ConnectionStatus } from '../controllers/hub-connection.js';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';
import './sb-connection-status.js';

export type AppViewName = 'conversation' | 'roster';

/** The top bar: the name, "New session", the Conversation/Roster switch and the connection. */
export class SbHeader extends LitElement {
  static override properties = {
    view: { attribute: false },
    status: { attribute: false },
    actions: { type: Boolean },
  };

  declare view: AppViewName;
  declare status: ConnectionStatus;
  /** False on the token form: nothing to act on yet. */
  declare actions: boolean;

  constructor() {
    super();
    this.view = 'conversation';
    this.status = 'offline';
    this.actions = true;
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        border-bottom: 1px solid var(--sb-border);
        background: var(--sb-surface);
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        padding: calc(0.45rem + env(safe-area-inset-top)) clamp(0.75rem, 3vw, 2rem) 0.45rem;
      }
      h1 {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        font-size: 1.1rem;
        font-weight: 750;
        letter-spacing: 0.01em;
      }
      .actions {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .views {
        display: flex;
        border: 1px solid var(--sb-border);
        border-radius: 11px;
        overflow: hidden;
      }
      .views .btn {
        border: 0;
        border-radius: 0;
        background: transparent;
      }
      .views .btn[aria-pressed='true'] {
        background: var(--sb-accent-soft);
        color: var(--sb-accent-text);
      }
      @media (max-width: 720px) {
        .label {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
          white-space: nowrap;
        }
        .actions .btn {
          padding: 0;
          width: 44px;
        }
        .actions {
          gap: 0.35rem;
        }
      }
    `,
  ];

  override render() {
    return html`<header>
      <h1><img src="/icon.svg" alt="" width="28" height="28" /><span class="label">Switchboard</span></h1>
      ${this.actions ? this.renderActions() : nothing}
    </header>`;
  }

  private renderActions() {
    const view = (next: AppViewName) => fire(this, 'sb-view', { view: next });
    return html`<div class="actions">
      <button class="btn primary" data-testid="new-session" @click=${() => fire(this, 'sb-new-session', {})}>
        ${icons.plus}<span class="label">New session</span>
      </button>
      <div class="views" role="group" aria-label="View">
        <button
          class="btn"
          aria-pressed=${this.view === 'conversation' ? 'true' : 'false'}
          @click=${() => view('conversation')}
        >
          ${icons.chat}<span class="label">Conversation</span>
        </button>
        <button
          class="btn"
          data-testid="roster-view-toggle"
          aria-pressed=${this.view === 'roster' ? 'true' : 'false'}
          @click=${() => view(this.view === 'roster' ? 'conversation' : 'roster')}
        >
          ${icons.roster}<span class="label">Roster</span>
        </button>
      </div>
      <sb-connection-status .status=${this.status}></sb-connection-status>
    </div>`;
  }
}

customElements.define('sb-header', SbHeader);

declare global {
  interface HTMLElementTagNameMap {
    'sb-header': SbHeader;
  }
}
