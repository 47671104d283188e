import { LitElement, css, html } from 'lit';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import { fire } from '../events.js';
import { requestSummary } from '../state/permissions.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';

/**
 * Above a conversation whose session waits for a permission: what it wants to do, and "Review
 * permission", which opens the inbox on this session's requests (the full input and the buttons).
 */
export class SbPermissionCallout extends LitElement {
  static override properties = {
    sessionId: { attribute: false },
    sessionName: { attribute: false },
    requests: { attribute: false },
  };

  declare sessionId: string;
  declare sessionName: string;
  /** The session's pending requests, oldest first. */
  declare requests: readonly PermissionRequest[];

  constructor() {
    super();
    this.sessionId = '';
    this.sessionName = '';
    this.requests = [];
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 0 clamp(0.75rem, 3vw, 2rem);
      }
      section {
        max-width: 52rem;
        margin: 0.75rem auto 0;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.9rem;
        border: 2px solid var(--sb-dot-attention);
        border-radius: 14px;
        background: var(--sb-surface);
        padding: 0.6rem 0.7rem 0.6rem 0.9rem;
      }
      .text {
        flex: 1 1 16rem;
        min-width: 0;
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
      }
      .text svg.icon {
        color: var(--sb-dot-attention);
        margin-top: 0.15rem;
      }
      p {
        margin: 0;
      }
      code {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
    `,
  ];

  override render() {
    const first = this.requests[0];
    if (first === undefined) return html``;
    const more = this.requests.length - 1;
    return html`<section data-testid="permission-callout" role="group" aria-label="Permission needed">
      <div class="text">
        ${icons.shield}
        <p>
          <strong>${this.sessionName} is waiting for your permission:</strong>
          <code>${requestSummary(first)}</code>${more > 0 ? ` and ${more} more` : ''}.
        </p>
      </div>
      <button
        class="btn primary"
        data-testid="review-permission"
        @click=${() => fire(this, 'sb-inbox', { sessionId: this.sessionId })}
      >
        Review permission${more > 0 ? 's' : ''}
      </button>
    </section>`;
  }
}

customElements.define('sb-permission-callout', SbPermissionCallout);

declare global {
  interface HTMLElementTagNameMap {
    'sb-permission-callout': SbPermissionCallout;
  }
}
