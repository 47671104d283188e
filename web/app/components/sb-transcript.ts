import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import { splitAt, type TextRange } from '../state/captions.js';
import { formatClock } from '../state/format.js';
import { sharedStyles } from '../styles/shared.js';

/** The turn being spoken, and the range of its message the speaker is playing now. */
export type SpokenHighlight = { turnId: string; range: TextRange | null };

/**
 * A session's transcript: what it said (spoken or written), what the person answered (by voice or
 * typed) and the hub's notes. Sticks to the bottom while the person is there; leaves the scroll
 * alone when they scrolled up to read.
 */
export class SbTranscript extends LitElement {
  static override properties = {
    entries: { attribute: false },
    sessionName: { attribute: false },
    highlight: { attribute: false },
    loading: { attribute: false },
    now: { attribute: false },
  };

  declare entries: readonly TranscriptEntry[];
  declare sessionName: string;
  declare highlight: SpokenHighlight | null;
  declare loading: boolean;
  declare now: number;
  private stick = true;

  constructor() {
    super();
    this.entries = [];
    this.sessionName = '';
    this.highlight = null;
    this.loading = false;
    this.now = Date.now();
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        overflow-y: auto;
        overscroll-behavior: contain;
        padding: 1rem clamp(0.75rem, 3vw, 2rem) 0.5rem;
      }
      ol {
        list-style: none;
        margin: 0 auto;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        max-width: 52rem;
      }
      li {
        max-width: min(40rem, 88%);
        border-radius: 14px;
        padding: 0.6rem 0.85rem 0.7rem;
        line-height: 1.5;
      }
      li[data-role='assistant'] {
        align-self: flex-start;
        background: var(--sb-surface);
        border: 1px solid var(--sb-border);
        border-bottom-left-radius: 4px;
      }
      li[data-role='user'] {
        align-self: flex-end;
        background: var(--sb-accent-soft);
        border: 1px solid color-mix(in srgb, var(--sb-accent) 35%, transparent);
        border-bottom-right-radius: 4px;
      }
      li[data-role='system'] {
        align-self: center;
        max-width: 90%;
        background: none;
        color: var(--sb-muted);
        font-size: 0.875rem;
        padding: 0.15rem 0.5rem;
        text-align: center;
      }
      li.speaking {
        border-color: var(--sb-dot-speaking);
        box-shadow: 0 0 0 2px color-mix(in srgb, var(--sb-dot-speaking) 30%, transparent);
      }
      .meta {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        font-size: 0.78rem;
        color: var(--sb-muted);
        margin-bottom: 0.2rem;
      }
      .who {
        font-weight: 650;
        color: var(--sb-text-soft);
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      mark {
        background: var(--sb-highlight);
        color: inherit;
        border-radius: 3px;
        padding: 0 1px;
      }
      .empty {
        text-align: center;
        color: var(--sb-muted);
        margin: 3rem auto;
        max-width: 30rem;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('scroll', this._onScroll, { passive: true });
  }

  override disconnectedCallback(): void {
    this.removeEventListener('scroll', this._onScroll);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new session on screen: start at its newest line.
    if (changed.has('sessionName')) this.stick = true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('entries') || changed.has('sessionName')) && this.stick)
      this.scrollTop = this.scrollHeight;
  }

  override render() {
    if (this.entries.length === 0) {
      return html`
        <ol data-testid="transcript" aria-label="Conversation with ${this.sessionName}"></ol>
        <p class="empty">
          ${
            this.loading
              ? 'Loading the conversation…'
              : `Nothing said yet. When ${this.sessionName} speaks or writes to you, it shows here.`
          }
        </p>
      `;
    }
    return html`
      <ol data-testid="transcript" aria-label="Conversation with ${this.sessionName}">
        ${this.entries.map((entry) => this.renderEntry(entry))}
      </ol>
    `;
  }

  private renderEntry(entry: TranscriptEntry) {
    const spoken =
      this.highlight !== null && entry.role === 'assistant' && entry.turnId === this.highlight.turnId;
    const who = entry.role === 'assistant' ? this.sessionName : entry.role === 'user' ? 'You' : 'Switchboard';
    const how =
      entry.role === 'system'
        ? ''
        : entry.channel === 'voice'
          ? entry.role === 'user'
            ? 'said'
            : 'spoken'
          : entry.role === 'user'
            ? 'typed'
            : 'written';
    const [before, current, after] = splitAt(entry.text, spoken ? (this.highlight?.range ?? null) : null);
    return html`
      <li
        data-testid="transcript-entry"
        data-role=${entry.role}
        data-channel=${entry.channel}
        data-entry-id=${entry.id}
        class=${spoken ? 'speaking' : ''}
        aria-current=${spoken ? 'true' : nothing}
      >
        ${
          entry.role === 'system'
            ? nothing
            : html`<div class="meta">
                <span class="who">${who}</span><span>${how}</span
                ><time datetime=${entry.at}>${formatClock(entry.at, this.now)}</time>
              </div>`
        }
        <div class="text">${before}${current === '' ? nothing : html`<mark>${current}</mark>`}${after}</div>
      </li>
    `;
  }

  private readonly _onScroll = () => {
    this.stick = this.scrollHeight - this.scrollTop - this.clientHeight < 48;
  };
}

customElements.define('sb-transcript', SbTranscript);

declare global {
  interface HTMLElementTagNameMap {
    'sb-transcript': SbTranscript;
  }
}
