import { LitElement, css, html, nothing } from 'lit';
import type { ConnectionStatus } from '../controllers/hub-connection.js';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';
import './sb-connection-status.js';

export type AppViewName = 'conversation' | 'roster' | 'inbox' | 'past';

/**
 * The top bar: the name, "New session", the permissions inbox (with how many requests wait), the
 * Conversation/Roster/Past sessions switch and the connection.
 */
export class SbHeader extends LitElement {
  static override properties = {
    view: { attribute: false },
    status: { attribute: false },
    actions: { type: Boolean },
    pendingPermissions: { attribute: false },
  };

  declare view: AppViewName;
  declare status: ConnectionStatus;
  /** False on the token form: nothing to act on yet. */
  declare actions: boolean;
  /** Pending permission requests across all sessions (the inbox button's badge). */
  declare pendingPermissions: number;

  constructor() {
    super();
    this.pendingPermissions = 0;
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
      .inbox {
        position: relative;
      }
      .inbox[data-waiting] {
        border-color: var(--sb-attention);
      }
      .count {
        min-width: 1.35rem;
        height: 1.35rem;
        border-radius: 999px;
        background: var(--sb-attention);
        color: var(--sb-on-attention);
        font-size: 0.78rem;
        font-weight: 700;
        line-height: 1.35rem;
        text-align: center;
        padding: 0 0.35rem;
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
        .count {
          position: absolute;
          top: -0.4rem;
          right: -0.4rem;
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
      ${this.renderInboxToggle()}
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
        <button
          class="btn"
          data-testid="past-view-toggle"
          aria-pressed=${this.view === 'past' ? 'true' : 'false'}
          title="Past sessions: stopped ones, to search, resume or forget"
          @click=${() => view(this.view === 'past' ? 'conversation' : 'past')}
        >
          ${icons.history}<span class="label">Past sessions</span>
        </button>
      </div>
      <sb-connection-status .status=${this.status}></sb-connection-status>
    </div>`;
  }

  private renderInboxToggle() {
    const n = this.pendingPermissions;
    const open = this.view === 'inbox';
    const waiting = n === 0 ? 'none waiting' : `${n} waiting`;
    return html`<button
      class="btn inbox"
      data-testid="inbox-toggle"
      data-count=${n}
      ?data-waiting=${n > 0}
      aria-pressed=${open ? 'true' : 'false'}
      aria-label="Permissions: ${waiting}"
      title=${open ? 'Back to the conversation' : `Permission requests of all sessions: ${waiting}`}
      @click=${() => (open ? fire(this, 'sb-view', { view: 'conversation' }) : fire(this, 'sb-inbox', { sessionId: null }))}
    >
      ${icons.shield}<span class="label">Permissions</span
      >${n > 0 ? html`<span class="count" aria-hidden="true">${n}</span>` : nothing}
    </button>`;
  }
}

customElements.define('sb-header', SbHeader);

declare global {
  interface HTMLElementTagNameMap {
    'sb-header': SbHeader;
  }
}
