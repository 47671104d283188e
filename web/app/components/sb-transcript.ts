import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import type { TextRange } from '../../../protocol/voice.js';
import { MarkdownRenderer } from '../markdown/markdown-renderer.js';
import { markdownStyles } from '../markdown/markdown-styles.js';
import { formatClock } from '../state/format.js';
import {
  promptParts,
  transcriptItems,
  type PromptPart,
  type TranscriptItem,
} from '../state/transcript-items.js';
import { sharedStyles } from '../styles/shared.js';
import './sb-tool-activity.js';

/** The turn being spoken, and the range of its message the speaker is playing now. */
export type SpokenHighlight = { turnId: string; range: TextRange | null };

/**
 * A session's transcript: what it said (spoken or written: Markdown, rendered and sanitized), what
 * the person answered (by voice or typed), the prompts typed into Claude, its tool activity
 * (collapsed runs) and errors, and the hub's notes. Session text is untrusted: the only HTML made
 * from it is MarkdownRenderer's sanitized output; everything else goes in as text. Sticks to the
 * bottom while the person is there; leaves the scroll alone when they scrolled up to read.
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
  private readonly markdown = new MarkdownRenderer();
  private items: { from: readonly TranscriptEntry[]; items: TranscriptItem[] } | null = null;

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
    markdownStyles,
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
      li[data-kind='prompt'] {
        align-self: flex-end;
        background: var(--sb-surface);
        border: 1px dashed var(--sb-border-strong);
        border-bottom-right-radius: 4px;
      }
      li[data-kind='prompt'] + li[data-kind='prompt'],
      .part + .part {
        margin-top: 0.4rem;
      }
      li[data-kind='error'] {
        align-self: flex-start;
        max-width: min(40rem, 94%);
        background: var(--sb-danger-soft);
        border: 1px solid var(--sb-danger);
        color: var(--sb-danger-text);
        text-align: left;
        font-size: 0.9rem;
        padding: 0.45rem 0.75rem;
      }
      li.tools {
        align-self: stretch;
        max-width: none;
        padding: 0;
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
      .error-label {
        font-weight: 700;
        margin-right: 0.35rem;
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
        ${repeat(
          this.displayItems(),
          (item) => item.key,
          (item) =>
            item.kind === 'tools'
              ? html`<li class="tools" data-testid="transcript-tools">
                  <sb-tool-activity .calls=${item.calls}></sb-tool-activity>
                </li>`
              : this.renderEntry(item.entry),
        )}
      </ol>
    `;
  }

  /** Grouped once per entries array (the transcript renders often while speech plays). */
  private displayItems(): TranscriptItem[] {
    if (this.items?.from !== this.entries)
      this.items = { from: this.entries, items: transcriptItems(this.entries) };
    return this.items.items;
  }

  private renderEntry(entry: TranscriptEntry) {
    if (entry.kind === 'error') return this.renderError(entry);
    if (entry.kind === 'prompt') return this.renderPrompt(entry);
    const assistant = entry.role === 'assistant';
    const spoken =
      this.highlight !== null && assistant && entry.kind === 'said' && entry.turnId === this.highlight.turnId;
    const who = assistant ? this.sessionName : entry.role === 'user' ? 'You' : 'Switchboard';
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
    const range: TextRange | null = spoken ? (this.highlight?.range ?? null) : null;
    return html`
      <li
        data-testid="transcript-entry"
        data-role=${entry.role}
        data-kind=${entry.kind}
        data-channel=${entry.channel}
        data-entry-id=${entry.id}
        class=${spoken ? 'speaking' : ''}
        aria-current=${spoken ? 'true' : nothing}
      >
        ${entry.role === 'system' ? nothing : this.renderMeta(who, how, entry.at)}
        ${
          assistant
            ? html`<div class="md" data-testid="transcript-markdown">
                ${unsafeHTML(this.markdown.render(entry.text, range))}
              </div>`
            : html`<div class="text">${entry.text}</div>`
        }
      </li>
    `;
  }

  /** A prompt typed into Claude: who sent each message in it when the hub's label says so. */
  private renderPrompt(entry: TranscriptEntry) {
    const parts = promptParts(entry.text);
    return html`
      <li
        data-testid="transcript-entry"
        data-role=${entry.role}
        data-kind="prompt"
        data-channel=${entry.channel}
        data-entry-id=${entry.id}
      >
        ${parts.map(
          (part) =>
            html`<div class="part">
              ${this.renderMeta(promptSender(part), part.from === null ? 'typed in' : 'prompt', entry.at)}
              <div class="text">${part.text}</div>
            </div>`,
        )}
      </li>
    `;
  }

  private renderError(entry: TranscriptEntry) {
    return html`
      <li
        data-testid="transcript-entry"
        data-role=${entry.role}
        data-kind="error"
        data-channel=${entry.channel}
        data-entry-id=${entry.id}
        role="note"
      >
        <span class="error-label">Error:</span><span class="text">${entry.text}</span>
      </li>
    `;
  }

  private renderMeta(who: string, how: string, at: string) {
    return html`<div class="meta">
      <span class="who">${who}</span><span>${how}</span
      ><time datetime=${at}>${formatClock(at, this.now)}</time>
    </div>`;
  }

  private readonly _onScroll = () => {
    this.stick = this.scrollHeight - this.scrollTop - this.clientHeight < 48;
  };
}

/** "Task from orchestrator" (the page's own messages are the person's); unlabelled: typed in. */
function promptSender(part: PromptPart): string {
  if (part.from === null) return 'Prompt';
  const who = part.from === 'page' ? 'you' : part.from;
  return `${part.kind === 'note' ? 'Note' : 'Task'} from ${who}`;
}

customElements.define('sb-transcript', SbTranscript);

declare global {
  interface HTMLElementTagNameMap {
    'sb-transcript': SbTranscript;
  }
}
