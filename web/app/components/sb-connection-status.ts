import { LitElement, css, html, nothing } from 'lit';
import type { ConnectionStatus } from '../controllers/hub-connection.js';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

const TEXT: Record<ConnectionStatus, string> = {
  offline: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Token needed',
};

/** The socket's state, always visible; while reconnecting, a button skips the wait. */
export class SbConnectionStatus extends LitElement {
  static override properties = { status: { attribute: false } };

  declare status: ConnectionStatus;

  constructor() {
    super();
    this.status = 'offline';
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      .pill {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        font-size: 0.85rem;
        color: var(--sb-text-soft);
        white-space: nowrap;
      }
      .light {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: var(--sb-dot-muted);
      }
      [data-state='connected'] .light {
        background: var(--sb-dot-ready);
      }
      [data-state='reconnecting'] .light,
      [data-state='connecting'] .light {
        background: var(--sb-dot-attention);
        animation: blink 1s ease-in-out infinite;
      }
      [data-state='reconnecting'] {
        color: var(--sb-warning-text);
        font-weight: 600;
      }
      @keyframes blink {
        50% {
          opacity: 0.3;
        }
      }
      .retry {
        min-height: 36px;
        font-size: 0.8rem;
        padding: 0 0.6rem;
      }
      @media (max-width: 640px) {
        [data-state='connected'] .text {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
      }
    `,
  ];

  override render() {
    const state = this.status === 'open' ? 'connected' : this.status;
    return html`
      <span
        class="pill"
        data-testid="connection-status"
        data-state=${state}
        role="status"
        title=${TEXT[this.status]}
      >
        <span class="light" aria-hidden="true"></span><span class="text">${TEXT[this.status]}</span>
      </span>
      ${
        this.status === 'reconnecting'
          ? html`<button class="btn retry" @click=${() => fire(this, 'sb-retry', {})}>Retry now</button>`
          : nothing
      }
    `;
  }
}

customElements.define('sb-connection-status', SbConnectionStatus);

declare global {
  interface HTMLElementTagNameMap {
    'sb-connection-status': SbConnectionStatus;
  }
}
