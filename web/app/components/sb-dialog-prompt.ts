import { LitElement, css, html, nothing } from 'lit';
import type { SessionDialog } from '../../../protocol/session.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';

export type AnswerDialog = (sessionId: string, option: number) => Promise<string | null>;

const TITLES: Record<SessionDialog['kind'], string> = {
  trust_folder: 'Claude Code asks whether to trust this folder',
  api_key: 'Claude Code asks about the API key',
  onboarding: 'Claude Code shows its first-run questions',
  unknown: 'Claude Code is asking something on its screen',
};

/**
 * A start-up dialog Claude Code shows in the session's terminal (trust this folder?...), with its
 * options as buttons. The hub types the chosen number; it never answers blindly for the person.
 */
export class SbDialogPrompt extends LitElement {
  static override properties = {
    sessionId: { attribute: false },
    dialog: { attribute: false },
    answer: { attribute: false },
    _busy: { state: true },
    _error: { state: true },
  };

  declare sessionId: string;
  declare dialog: SessionDialog;
  declare answer: AnswerDialog;
  declare _busy: boolean;
  declare _error: string | null;

  constructor() {
    super();
    this.sessionId = '';
    this.dialog = { kind: 'unknown', text: '', options: [] };
    this.answer = async () => 'Not connected.';
    this._busy = false;
    this._error = null;
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
        margin: 0.75rem auto;
        border: 2px solid var(--sb-dot-attention);
        border-radius: 14px;
        background: var(--sb-surface);
        padding: 0.9rem 1rem 1rem;
      }
      h2 {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin: 0 0 0.5rem;
        font-size: 1.05rem;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font:
          0.85rem/1.45 ui-monospace,
          SFMono-Regular,
          Menlo,
          Consolas,
          monospace;
        background: var(--sb-bg);
        border-radius: 8px;
        padding: 0.6rem 0.75rem;
        max-height: 14rem;
        overflow: auto;
        margin: 0 0 0.75rem;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .error {
        margin: 0.6rem 0 0;
      }
    `,
  ];

  override render() {
    const { kind, text, options } = this.dialog;
    return html`
      <section role="group" aria-labelledby="dialog-title">
        <h2 id="dialog-title">${icons.warning}${TITLES[kind]}</h2>
        <pre>${text}</pre>
        <div class="options">
          ${options.map(
            (option, index) => html`
              <button
                class="btn ${index === 0 ? 'primary' : ''}"
                data-testid="dialog-option"
                ?disabled=${this._busy}
                @click=${() => this._choose(index + 1)}
              >
                ${index + 1}. ${option}
              </button>
            `,
          )}
        </div>
        ${this._error === null ? nothing : html`<p class="error" role="alert">${this._error}</p>`}
      </section>
    `;
  }

  private async _choose(option: number): Promise<void> {
    this._busy = true;
    this._error = await this.answer(this.sessionId, option);
    this._busy = false;
  }
}

customElements.define('sb-dialog-prompt', SbDialogPrompt);

declare global {
  interface HTMLElementTagNameMap {
    'sb-dialog-prompt': SbDialogPrompt;
  }
}
