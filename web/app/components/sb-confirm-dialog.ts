import { LitElement, css, html } from 'lit';
import { sharedStyles } from '../styles/shared.js';

export type ConfirmOptions = { title: string; body: string; confirm: string; danger?: boolean };

/** A modal yes/no question (closing a session). `ask()` resolves true only on the confirm button. */
export class SbConfirmDialog extends LitElement {
  static override properties = { _options: { state: true } };

  declare _options: ConfirmOptions;
  private resolve: ((ok: boolean) => void) | null = null;

  constructor() {
    super();
    this._options = { title: '', body: '', confirm: 'OK' };
  }

  static override styles = [
    sharedStyles,
    css`
      dialog {
        width: min(26rem, calc(100vw - 1.5rem));
        border: 1px solid var(--sb-border);
        border-radius: 16px;
        padding: 1.1rem 1.2rem 1.2rem;
        background: var(--sb-bg);
        color: var(--sb-text);
        box-shadow: 0 20px 60px rgb(0 0 0 / 0.35);
      }
      dialog::backdrop {
        background: rgb(10 14 22 / 0.55);
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.15rem;
      }
      p {
        margin: 0 0 1rem;
        line-height: 1.5;
        color: var(--sb-text-soft);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 0.5rem;
      }
    `,
  ];

  get open(): boolean {
    return this.renderRoot.querySelector('dialog')?.open ?? false;
  }

  async ask(options: ConfirmOptions): Promise<boolean> {
    this.resolve?.(false);
    this._options = options;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog === null) return false;
    if (!dialog.open) dialog.showModal();
    // The safe choice has focus: Enter on a reflex does not stop a session.
    dialog.querySelector<HTMLButtonElement>('button.cancel')?.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    const o = this._options;
    return html`
      <dialog
        data-testid="confirm-dialog"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        @close=${this._onClose}
      >
        <h2 id="confirm-title">${o.title}</h2>
        <p id="confirm-body">${o.body}</p>
        <div class="actions">
          <button class="btn cancel" @click=${() => this.finish(false)}>Cancel</button>
          <button
            class="btn ${o.danger === true ? 'danger' : 'primary'}"
            data-testid="confirm-ok"
            @click=${() => this.finish(true)}
          >
            ${o.confirm}
          </button>
        </div>
      </dialog>
    `;
  }

  private finish(ok: boolean): void {
    const resolve = this.resolve;
    this.resolve = null;
    this.renderRoot.querySelector('dialog')?.close();
    resolve?.(ok);
  }

  private readonly _onClose = () => this.finish(false);
}

customElements.define('sb-confirm-dialog', SbConfirmDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sb-confirm-dialog': SbConfirmDialog;
  }
}
