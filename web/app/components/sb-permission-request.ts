import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import type { PermissionDecisionKind } from '../controllers/permission-inbox.js';
import { sessionChoices, type SuggestionChoice } from '../../../protocol/permission-suggestions.js';
import { formatAgo, formatDuration, shortPath } from '../state/format.js';
import { inputView } from '../state/permission-input.js';
import { requestSummary } from '../state/permissions.js';
import { sharedStyles } from '../styles/shared.js';
import { inputViewStyles, renderInputView } from './permission-input-view.js';

export type DecidePermission = (
  request: PermissionRequest,
  kind: PermissionDecisionKind,
  message?: string,
) => Promise<void>;

/**
 * One permission request: the tool, its full input made readable, and the decisions. The element
 * itself takes focus (the inbox moves it with j/k); a, Shift+A and d act on it (sb-permission-inbox
 * maps the keys and calls allow/always/deny). The optional deny message goes with Deny.
 */
export class SbPermissionRequest extends LitElement {
  static override properties = {
    request: { attribute: false },
    busy: { attribute: false },
    now: { attribute: false },
    decide: { attribute: false },
    _noteOpen: { state: true },
    _note: { state: true },
  };

  declare request: PermissionRequest;
  declare busy: boolean;
  declare now: number;
  declare decide: DecidePermission;
  declare _noteOpen: boolean;
  declare _note: string;

  constructor() {
    super();
    this.busy = false;
    this.now = Date.now();
    this.decide = async () => undefined;
    this._noteOpen = false;
    this._note = '';
  }

  static override styles = [
    sharedStyles,
    inputViewStyles,
    css`
      :host {
        display: block;
        border: 1px solid var(--sb-border);
        border-left: 4px solid var(--sb-dot-attention);
        border-radius: 12px;
        background: var(--sb-surface);
        padding: 0.7rem 0.85rem 0.8rem;
        outline: none;
      }
      :host(:focus-visible) {
        outline: 3px solid var(--sb-focus);
        outline-offset: 2px;
      }
      :host(:focus-within) {
        border-color: var(--sb-accent);
        border-left-color: var(--sb-dot-attention);
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.2rem 0.75rem;
        margin-bottom: 0.45rem;
      }
      .tool {
        font-weight: 700;
        font-size: 1rem;
      }
      .when {
        color: var(--sb-muted);
        font-size: 0.8rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        margin-top: 0.7rem;
        align-items: center;
      }
      .btn.allow {
        background: var(--sb-allow);
        border-color: var(--sb-allow);
        color: #fff;
      }
      .btn.allow:hover:not(:disabled) {
        background: var(--sb-allow-strong);
      }
      .btn.deny {
        color: var(--sb-danger-text);
        border-color: color-mix(in srgb, var(--sb-danger) 55%, var(--sb-border));
      }
      .btn.quiet {
        color: var(--sb-accent-text);
        text-decoration: underline;
        text-underline-offset: 3px;
        font-weight: 500;
      }
      kbd {
        font:
          600 0.72rem/1 ui-monospace,
          SFMono-Regular,
          Menlo,
          Consolas,
          monospace;
        border: 1px solid currentColor;
        border-radius: 4px;
        padding: 0.1rem 0.25rem;
        opacity: 0.75;
      }
      .note {
        display: flex;
        gap: 0.4rem;
        margin-top: 0.5rem;
        align-items: center;
      }
      .note input {
        flex: 1;
        min-width: 0;
      }
      @media (max-width: 640px) {
        kbd {
          display: none;
        }
        .actions .btn {
          flex: 1 1 auto;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.setAttribute('role', 'article');
    this.setAttribute('aria-keyshortcuts', 'A Shift+A D J K');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('request')) {
      const r = this.request;
      // A message typed for one request never goes with another.
      if (changed.get('request')?.id !== undefined && changed.get('request')?.id !== r.id) {
        this._noteOpen = false;
        this._note = '';
      }
      this.setAttribute('aria-label', `${r.sessionName} asks to use ${requestSummary(r)}`);
    }
  }

  allow(): void {
    void this.decide(this.request, 'allow');
  }

  /** Shift+A: for the session, as narrowly as Claude Code suggested (its first rule), else the tool. */
  always(): void {
    const first = sessionChoices(this.request.toolName, this.request.suggestions)[0];
    void this.decide(this.request, first === undefined ? 'always' : { suggestion: first.index });
  }

  deny(): void {
    void this.decide(this.request, 'deny', this._note);
  }

  override render() {
    const r = this.request;
    const choices = sessionChoices(r.toolName, r.suggestions);
    const left = Date.parse(r.expiresAt) - this.now;
    const after = r.via === 'hook' ? 'Claude Code asks in its terminal' : 'it is denied';
    return html`
      <div class="top">
        <span class="tool">${r.toolName}</span>
        ${
          r.sessionCwd === ''
            ? nothing
            : html`<span class="folder" title=${r.sessionCwd} data-testid="permission-folder"
                >in ${shortPath(r.sessionCwd, 3)}</span
              >`
        }
        <span class="when">asked ${formatAgo(Math.max(0, this.now - Date.parse(r.createdAt)))}</span>
        <span
          class="when"
          title="Without an answer by ${new Date(r.expiresAt).toLocaleTimeString()}, ${after}."
          >${left > 0 ? `no answer in ${formatDuration(left)}: ${after}` : `expiring: ${after}`}</span
        >
      </div>
      ${renderInputView(inputView(r.toolName, r.toolInput))}
      <div class="actions">
        <button
          class="btn allow"
          data-testid="permission-allow"
          ?disabled=${this.busy}
          aria-keyshortcuts="A"
          @click=${() => this.allow()}
        >
          Allow <kbd aria-hidden="true">a</kbd>
        </button>
        ${choices.map(
          (choice, i) =>
            html`<button
              class="btn"
              data-testid="permission-suggestion"
              ?disabled=${this.busy}
              aria-keyshortcuts=${i === 0 ? 'Shift+A' : nothing}
              title="As Claude Code suggests: allow ${choice.label} without asking again for the rest of ${r.sessionName}'s session"
              @click=${() => void this.decide(r, { suggestion: choice.index })}
            >
              ${suggestionWords(choice)}<span class="visually-hidden"> in ${r.sessionName}</span> in this
              session${i === 0 ? html` <kbd aria-hidden="true">Shift+A</kbd>` : nothing}
            </button>`,
        )}
        <button
          class="btn"
          data-testid="permission-always"
          ?disabled=${this.busy}
          aria-keyshortcuts=${choices.length === 0 ? 'Shift+A' : nothing}
          title="Allow every ${r.toolName} call without asking again for the rest of ${r.sessionName}'s session"
          @click=${() => void this.decide(r, 'always')}
        >
          Always allow ${choices.length === 0 ? r.toolName : `all ${r.toolName}`}<span
            class="visually-hidden"
          >
            in ${r.sessionName}</span
          >${choices.length === 0 ? html` <kbd aria-hidden="true">Shift+A</kbd>` : nothing}
        </button>
        <button
          class="btn deny"
          data-testid="permission-deny"
          ?disabled=${this.busy}
          aria-keyshortcuts="D"
          @click=${() => this.deny()}
        >
          ${this._note.trim() === '' ? 'Deny' : 'Deny with message'} <kbd aria-hidden="true">d</kbd>
        </button>
        <button
          class="btn quiet"
          data-testid="permission-note-toggle"
          aria-expanded=${this._noteOpen ? 'true' : 'false'}
          @click=${this._toggleNote}
        >
          ${this._noteOpen ? 'Cancel message' : 'Deny with a message…'}
        </button>
      </div>
      ${this._noteOpen ? this.renderNote() : nothing}
    `;
  }

  private renderNote() {
    return html`<div class="note">
      <label class="visually-hidden" for="note">Message to Claude with the denial</label>
      <input
        id="note"
        data-testid="permission-deny-message"
        placeholder="Why not, or what to do instead (Enter denies)"
        autocomplete="off"
        .value=${this._note}
        @input=${(e: Event) => (this._note = (e.target as HTMLInputElement).value)}
        @keydown=${this._onNoteKey}
      />
    </div>`;
  }

  private readonly _toggleNote = async () => {
    this._noteOpen = !this._noteOpen;
    if (!this._noteOpen) {
      this._note = '';
      return;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#note')?.focus();
  };

  private readonly _onNoteKey = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.deny();
    } else if (event.key === 'Escape') {
      // Closes the message, not the page's voice (Esc's other meaning).
      event.preventDefault();
      event.stopPropagation();
      this._noteOpen = false;
      this._note = '';
      this.focus();
    }
  };
}

customElements.define('sb-permission-request', SbPermissionRequest);

declare global {
  interface HTMLElementTagNameMap {
    'sb-permission-request': SbPermissionRequest;
  }
}

/** A suggestion's button words: what it allows, its own text in code. */
function suggestionWords(choice: SuggestionChoice) {
  if (choice.rule.type === 'setMode') return html`Accept every edit`;
  if (choice.rule.type === 'addDirectories') return html`Always allow files in <code>${choice.label}</code>`;
  return html`Always allow <code>${choice.label}</code>`;
}
