import { LitElement, css, html } from 'lit';
import type { PendingDictation } from '../controllers/dictation-controller.js';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

/**
 * What the person just said to a session (speaking first), for the moment before it goes: to
 * whom, the words as heard, and Send now / Cancel. The words are text, never markup.
 */
export class SbDictation extends LitElement {
  static override properties = { pending: { attribute: false } };

  declare pending: PendingDictation;

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 0 clamp(0.75rem, 3vw, 2rem) 0.5rem;
      }
      .pending {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        max-width: 72rem;
        margin: 0 auto;
        border-radius: 12px;
        padding: 0.5rem 0.6rem 0.5rem 0.9rem;
        border: 1px solid var(--sb-accent, var(--sb-border));
        background: var(--sb-surface);
      }
      .words {
        flex: 1 1 16rem;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .to {
        font-weight: 600;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  override render() {
    const { sessionName, text } = this.pending;
    return html`<div class="pending" role="status" data-testid="dictation">
      <p class="words">
        <span class="to">To ${sessionName}:</span> <q data-testid="dictation-text">${text}</q>
        <span class="hint">Sending…</span>
      </p>
      <div class="actions">
        <button
          class="btn primary"
          data-testid="dictation-send"
          @click=${() => fire(this, 'sb-dictation-send', {})}
        >
          Send now
        </button>
        <button
          class="btn"
          data-testid="dictation-cancel"
          @click=${() => fire(this, 'sb-dictation-cancel', {})}
        >
          Cancel
        </button>
      </div>
    </div>`;
  }
}

customElements.define('sb-dictation', SbDictation);

declare global {
  interface HTMLElementTagNameMap {
    'sb-dictation': SbDictation;
  }
}
