import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';

/** Sends a typed reply; resolves with the hub's error sentence, or null when it went through. */
export type SendReply = (sessionId: string, text: string) => Promise<string | null>;

/**
 * The text box under the conversation: answers the session's waiting question (its pending
 * converse) in writing. Enter sends, Shift+Enter makes a new line. Drafts are kept per session.
 */
export class SbReplyBox extends LitElement {
  static override properties = {
    sessionId: { attribute: false },
    sessionName: { attribute: false },
    pending: { attribute: false },
    exited: { attribute: false },
    send: { attribute: false },
    sendMessage: { attribute: false },
    _sending: { state: true },
    _error: { state: true },
  };

  declare sessionId: string;
  declare sessionName: string;
  /** The question the session waits on (null: it is not asking anything). */
  declare pending: string | null;
  declare exited: boolean;
  declare send: SendReply;
  /** For a session that is not asking: the text goes into its inbox (typed in when it is idle). */
  declare sendMessage: SendReply;
  declare _sending: boolean;
  declare _error: string | null;
  private readonly drafts = new Map<string, string>();

  constructor() {
    super();
    this.sessionId = '';
    this.sessionName = '';
    this.pending = null;
    this.exited = false;
    this.send = async () => 'Not connected.';
    this.sendMessage = async () => 'Not connected.';
    this._sending = false;
    this._error = null;
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 0.5rem clamp(0.75rem, 3vw, 2rem) 0.75rem;
      }
      form {
        max-width: 52rem;
        margin: 0 auto;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
      }
      textarea {
        resize: none;
        min-height: 48px;
        max-height: 40vh;
        field-sizing: content;
        line-height: 1.4;
      }
      .btn.primary {
        min-height: 48px;
      }
      .note {
        margin: 0 0 0.4rem;
        font-size: 0.875rem;
        color: var(--sb-muted);
      }
      .note.asking {
        color: var(--sb-text);
      }
      .note strong {
        color: var(--sb-waiting-text);
      }
      .error {
        margin: 0 0 0.4rem;
        font-size: 0.9rem;
      }
      @media (max-width: 640px) {
        .send-label {
          display: none;
        }
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessionId')) this._error = null;
  }

  /** Puts the caret in the box (after a tab switch by keyboard, or "Reply by text"). */
  focusInput(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  /** True while the person has something typed for this session. */
  get hasDraft(): boolean {
    return (this.drafts.get(this.sessionId) ?? '').trim() !== '';
  }

  override render() {
    const draft = this.drafts.get(this.sessionId) ?? '';
    const canSend = !this.exited && !this._sending && draft.trim() !== '';
    return html`
      <form @submit=${this._onSubmit} aria-label="Reply to ${this.sessionName}">
        ${this._error === null ? nothing : html`<p class="error" role="alert">${this._error}</p>`}
        ${this.renderNote()}
        <div class="row">
          <label class="visually-hidden" for="reply">Reply to ${this.sessionName}</label>
          <textarea
            id="reply"
            data-testid="reply-input"
            rows="1"
            .value=${draft}
            placeholder=${this.pending !== null ? `Type your answer to ${this.sessionName}…` : `Message ${this.sessionName}…`}
            aria-describedby="reply-note"
            ?disabled=${this.exited}
            @input=${this._onInput}
            @keydown=${this._onKeydown}
          ></textarea>
          <button
            class="btn primary"
            type="submit"
            data-testid="reply-send"
            ?disabled=${!canSend}
            aria-label="Send reply"
          >
            ${icons.send}<span class="send-label">Send</span>
          </button>
        </div>
      </form>
    `;
  }

  private renderNote() {
    if (this.exited)
      return html`<p class="note" id="reply-note">This session has exited; it cannot answer.</p>`;
    if (this.pending !== null) {
      return html`<p class="note asking" id="reply-note">
        <strong>${this.sessionName} is waiting for your answer.</strong> Say it or type it here (Enter sends,
        Shift+Enter for a new line).
      </p>`;
    }
    return html`<p class="note" id="reply-note">
      ${this.sessionName} is not asking you anything right now. What you send goes to its inbox and is typed
      in as its next prompt as soon as it is idle.
    </p>`;
  }

  private _onInput(event: Event): void {
    this.drafts.set(this.sessionId, (event.target as HTMLTextAreaElement).value);
    this._error = null;
    this.requestUpdate();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.submit();
  }

  private _onSubmit(event: Event): void {
    event.preventDefault();
    void this.submit();
  }

  private async submit(): Promise<void> {
    const sessionId = this.sessionId;
    const text = (this.drafts.get(sessionId) ?? '').trim();
    if (text === '' || this._sending) return;
    this._sending = true;
    const error = await (this.pending === null ? this.sendMessage : this.send)(sessionId, text);
    this._sending = false;
    if (error !== null) {
      if (sessionId === this.sessionId) this._error = error;
      return;
    }
    this.drafts.delete(sessionId);
    this.requestUpdate();
  }
}

customElements.define('sb-reply-box', SbReplyBox);

declare global {
  interface HTMLElementTagNameMap {
    'sb-reply-box': SbReplyBox;
  }
}
