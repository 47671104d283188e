import { LitElement, css, html, nothing } from 'lit';
import type { CreateSessionRequest } from '../../../protocol/session.js';
import { SESSION_NAME_PATTERN } from '../../../protocol/session.js';
import type { VoiceInfo } from '../api/hub-api.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';

/** Creates the session; resolves with the hub's error sentence, or null on success. */
export type CreateSession = (request: CreateSessionRequest) => Promise<string | null>;

/**
 * "New session": folder (recent ones one tap away; empty = the hub makes one), name, voice and a
 * first prompt. A native modal <dialog>: focus stays inside, Esc closes it, focus returns after.
 */
export class SbNewSessionDialog extends LitElement {
  static override properties = {
    folders: { attribute: false },
    voices: { attribute: false },
    create: { attribute: false },
    _busy: { state: true },
    _error: { state: true },
    _folder: { state: true },
  };

  declare folders: string[];
  declare voices: VoiceInfo[];
  declare create: CreateSession;
  declare _busy: boolean;
  declare _error: string | null;
  declare _folder: string;

  constructor() {
    super();
    this.folders = [];
    this.voices = [];
    this.create = async () => 'Not connected.';
    this._busy = false;
    this._error = null;
    this._folder = '';
  }

  static override styles = [
    sharedStyles,
    css`
      dialog {
        width: min(36rem, calc(100vw - 1.5rem));
        max-height: calc(100dvh - 1.5rem);
        border: 1px solid var(--sb-border);
        border-radius: 16px;
        padding: 0;
        background: var(--sb-bg);
        color: var(--sb-text);
        box-shadow: 0 20px 60px rgb(0 0 0 / 0.35);
      }
      dialog::backdrop {
        background: rgb(10 14 22 / 0.55);
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 0.9rem;
        padding: 1.1rem 1.2rem 1.2rem;
      }
      h2 {
        margin: 0;
        font-size: 1.2rem;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
      }
      .recent {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
      }
      .chip {
        min-height: 36px;
        max-width: 100%;
        border-radius: 999px;
        border: 1px solid var(--sb-border);
        background: var(--sb-surface);
        padding: 0.2rem 0.7rem;
        font-size: 0.85rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      .chip[aria-pressed='true'] {
        border-color: var(--sb-accent);
        background: var(--sb-accent-soft);
      }
      .chip svg.icon {
        width: 14px;
        height: 14px;
      }
      textarea {
        min-height: 5.5rem;
        resize: vertical;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 0.5rem;
        padding-top: 0.2rem;
      }
      .optional {
        font-weight: 400;
        color: var(--sb-muted);
      }
    `,
  ];

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  async show(): Promise<void> {
    this._error = null;
    this._busy = false;
    await this.updateComplete;
    const dialog = this.dialog;
    if (dialog === null || dialog.open) return;
    dialog.querySelector('form')?.reset();
    this._folder = '';
    dialog.showModal();
  }

  override render() {
    return html`
      <dialog
        data-testid="new-session-dialog"
        aria-labelledby="new-title"
        @close=${() => (this._busy = false)}
      >
        <form method="dialog" @submit=${this._onSubmit} novalidate>
          <h2 id="new-title">New session</h2>
          <div class="field">
            <label for="folder">Folder <span class="optional">(optional)</span></label>
            <input
              id="folder"
              name="cwd"
              data-testid="new-session-folder"
              list="recent-folders"
              placeholder="~/projects/api"
              autocomplete="off"
              spellcheck="false"
              aria-describedby="folder-hint"
              .value=${this._folder}
              @input=${(e: Event) => (this._folder = (e.target as HTMLInputElement).value)}
            />
            <datalist id="recent-folders">
              ${this.folders.map((f) => html`<option value=${f}></option>`)}
            </datalist>
            <span class="hint" id="folder-hint"
              >An existing project: a full path or ~/…. Empty: the hub makes a new folder.</span
            >
            ${
              this.folders.length === 0
                ? nothing
                : html`<div class="recent" role="group" aria-label="Recent folders">
                    ${this.folders
                      .slice(0, 6)
                      .map(
                        (f) =>
                          html`<button
                            type="button"
                            class="chip"
                            title=${f}
                            aria-pressed=${this._folder === f ? 'true' : 'false'}
                            @click=${() => (this._folder = this._folder === f ? '' : f)}
                          >
                            ${icons.folder}${f.split('/').filter(Boolean).at(-1) ?? f}
                          </button>`,
                      )}
                  </div>`
            }
          </div>
          <div class="field">
            <label for="name">Name <span class="optional">(optional)</span></label>
            <input
              id="name"
              name="name"
              data-testid="new-session-name"
              autocomplete="off"
              spellcheck="false"
              maxlength="64"
              aria-describedby="name-hint"
              placeholder="api-service"
            />
            <span class="hint" id="name-hint"
              >Letters, digits, “.”, “_” or “-”. Empty: named after the folder.</span
            >
          </div>
          <div class="field">
            <label for="voice">Voice</label>
            <select id="voice" name="voice" data-testid="new-session-voice">
              <option value="">The hub's default voice</option>
              ${this.voices.map((v) => html`<option value=${v.id}>${v.name} (${v.language})</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="prompt">First prompt <span class="optional">(optional)</span></label>
            <textarea
              id="prompt"
              name="prompt"
              data-testid="new-session-prompt"
              placeholder="What should it start on?"
            ></textarea>
          </div>
          ${this._error === null ? nothing : html`<p class="error" role="alert" data-testid="new-session-error">${this._error}</p>`}
          <div class="actions">
            <button type="button" class="btn" @click=${() => this.dialog?.close()}>Cancel</button>
            <button
              type="submit"
              class="btn primary"
              data-testid="new-session-submit"
              ?disabled=${this._busy}
            >
              ${this._busy ? 'Starting…' : 'Start session'}
            </button>
          </div>
        </form>
      </dialog>
    `;
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const value = (key: string) => String(data.get(key) ?? '').trim();
    const request: CreateSessionRequest = {};
    const name = value('name');
    const cwd = this._folder.trim();
    if (name !== '') {
      if (!SESSION_NAME_PATTERN.test(name)) {
        this._error =
          'The name must start with a letter or digit and use only letters, digits, ".", "_" or "-".';
        form.querySelector<HTMLInputElement>('#name')?.focus();
        return;
      }
      request.name = name;
    }
    if (cwd !== '') request.cwd = cwd;
    if (value('voice') !== '') request.voice = value('voice');
    if (value('prompt') !== '') request.prompt = value('prompt');
    this._busy = true;
    this._error = null;
    const error = await this.create(request);
    this._busy = false;
    if (error === null) this.dialog?.close();
    else this._error = error;
  }
}

customElements.define('sb-new-session-dialog', SbNewSessionDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sb-new-session-dialog': SbNewSessionDialog;
  }
}
