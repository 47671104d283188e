import { LitElement, css, html, nothing } from 'lit';
import type { HistoryResult } from '../../../protocol/history.js';
import type { Session } from '../../../protocol/session.js';
import { describeError, type HubApi } from '../api/hub-api.js';
import { shortPath } from '../state/format.js';
import { endedLine, forgetWarning, pastResults, snippetParts } from '../state/past-sessions.js';
import { sharedStyles } from '../styles/shared.js';
import type { ConfirmOptions } from './sb-confirm-dialog.js';

/** How long typing pauses before the search runs. */
const SEARCH_DELAY_MS = 250;

/**
 * Past sessions: the exited sessions the hub keeps (stopped, or ended and closed), newest first,
 * with a search over their transcripts, and per session Resume (continue its conversation) and
 * Forget (delete it and its history). Transcript text is the sessions' data, not the page's: it
 * is only ever put in text nodes (lit's `${}` in element content), never parsed as markup.
 */
export class SbPastSessions extends LitElement {
  static override properties = {
    api: { attribute: false },
    now: { attribute: false },
    liveKey: { attribute: false },
    resume: { attribute: false },
    forget: { attribute: false },
    confirm: { attribute: false },
    _sessions: { state: true },
    _results: { state: true },
    _query: { state: true },
    _problem: { state: true },
    _busy: { state: true },
    _loaded: { state: true },
  };

  declare api: HubApi | null;
  declare now: number;
  /** Changes when the set of live sessions changes (one stopped or resumed): the list reloads. */
  declare liveKey: string;
  /** Resumes a session and shows it; resolves with the hub's refusal, or null. */
  declare resume: (id: string) => Promise<string | null>;
  declare forget: (id: string, name: string) => Promise<string | null>;
  declare confirm: (options: ConfirmOptions) => Promise<boolean>;
  declare _sessions: Session[];
  /** The search's answer; null while the box is empty. */
  declare _results: HistoryResult[] | null;
  declare _query: string;
  declare _problem: string | null;
  /** The session a Resume or Forget is under way for. */
  declare _busy: string | null;
  declare _loaded: boolean;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to older searches that arrive late are dropped. */
  private searchSeq = 0;

  constructor() {
    super();
    this.api = null;
    this.now = Date.now();
    this.liveKey = '';
    this.resume = () => Promise.resolve(null);
    this.forget = () => Promise.resolve(null);
    this.confirm = () => Promise.resolve(false);
    this._sessions = [];
    this._results = null;
    this._query = '';
    this._problem = null;
    this._busy = null;
    this._loaded = false;
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        overflow: auto;
        padding: 1rem clamp(0.5rem, 3vw, 2rem);
      }
      .wrap {
        max-width: 60rem;
        margin: 0 auto;
      }
      h2 {
        margin: 0 0 0.6rem;
        font-size: 1.1rem;
      }
      .search {
        display: grid;
        gap: 0.3rem;
        margin-bottom: 0.8rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.7rem 0.2rem;
        border-bottom: 1px solid var(--sb-border);
      }
      .about {
        flex: 1 1 16rem;
        min-width: 0;
      }
      .name {
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      .folder,
      .ended,
      .why-not {
        color: var(--sb-muted);
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      .snippet {
        margin: 0.3rem 0 0;
        font-size: 0.9rem;
        color: var(--sb-text-soft);
        overflow-wrap: anywhere;
      }
      .who {
        font-weight: 600;
      }
      mark {
        background: var(--sb-accent-soft);
        color: inherit;
        border-radius: 3px;
        padding: 0 0.1em;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        margin-left: auto;
      }
      .empty {
        color: var(--sb-muted);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    clearTimeout(this.searchTimer);
    super.disconnectedCallback();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if ((changed.has('liveKey') && changed.get('liveKey') !== undefined) || changed.has('api')) {
      void this.load();
      if (this._query.trim() !== '') this.scheduleSearch(0);
    }
  }

  /** Fetches the exited sessions again. */
  async load(): Promise<void> {
    const api = this.api;
    if (api === null) return;
    try {
      this._sessions = await api.pastSessions();
      this._loaded = true;
    } catch (error) {
      this._problem = `Could not load past sessions: ${describeError(error)}`;
    }
  }

  override render() {
    const searching = this._results !== null;
    const rows: { session: Session; result: HistoryResult | null }[] = searching
      ? pastResults(this._results ?? []).map((result) => ({ session: result.session, result }))
      : this._sessions.map((session) => ({ session, result: null }));
    return html`<section class="wrap" aria-labelledby="past-title" data-testid="past-sessions">
      <h2 id="past-title">Past sessions</h2>
      <div class="search">
        <label for="past-search">Search what was said</label>
        <input
          id="past-search"
          type="search"
          data-testid="past-search"
          placeholder="Words from a past conversation"
          autocomplete="off"
          .value=${this._query}
          @input=${this._onInput}
        />
      </div>
      ${this._problem === null ? nothing : html`<p class="error" role="alert">${this._problem}</p>`}
      ${
        rows.length === 0
          ? html`<p class="empty">${this.emptyText(searching)}</p>`
          : html`<ul aria-label=${searching ? 'Sessions that match' : 'Past sessions'}>
              ${rows.map((row) => this.renderRow(row.session, row.result))}
            </ul>`
      }
    </section>`;
  }

  private emptyText(searching: boolean): string {
    if (searching) return `No past session said "${this._query.trim()}".`;
    if (!this._loaded) return 'Loading…';
    return 'No past sessions. A session you stop is kept here with its conversation, to resume or forget.';
  }

  private renderRow(session: Session, result: HistoryResult | null) {
    const busy = this._busy !== null;
    const whyNot = session.resumable ? null : (session.notResumable ?? 'It cannot be resumed.');
    const whyId = `why-${session.id}`;
    return html`<li data-testid="past-session" data-session-id=${session.id}>
      <div class="about">
        <div class="name">${session.name}</div>
        <div class="folder" title=${session.cwd}>${shortPath(session.cwd, 3)}</div>
        <div class="ended">${endedLine(session, this.now)}</div>
        ${
          result === null
            ? nothing
            : result.matches.map((match) => {
                const who = match.role === 'user' ? 'You' : match.role === 'assistant' ? session.name : 'Hub';
                const parts = snippetParts(match.snippet, match.highlights).map((part) =>
                  part.match ? html`<mark>${part.text}</mark>` : part.text,
                );
                return html`<p class="snippet" data-testid="past-snippet">
                  <span class="who">${who}:</span> ${parts}
                </p>`;
              })
        }
        ${whyNot === null ? nothing : html`<div class="why-not" id=${whyId}>${whyNot}</div>`}
      </div>
      <div class="buttons">
        <button
          class="btn primary"
          data-testid="past-resume"
          ?disabled=${whyNot !== null || busy}
          aria-describedby=${whyNot === null ? nothing : whyId}
          aria-label="Resume ${session.name}"
          @click=${() => void this.onResume(session)}
        >
          Resume
        </button>
        <button
          class="btn"
          data-testid="past-forget"
          ?disabled=${busy}
          aria-label="Forget ${session.name}"
          @click=${() => void this.onForget(session)}
        >
          Forget
        </button>
      </div>
    </li>`;
  }

  private readonly _onInput = (event: Event) => {
    this._query = (event.target as HTMLInputElement).value;
    this.scheduleSearch(SEARCH_DELAY_MS);
  };

  private scheduleSearch(delayMs: number): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(), delayMs);
  }

  private async search(): Promise<void> {
    const q = this._query.trim();
    const seq = ++this.searchSeq;
    if (q === '' || this.api === null) {
      this._results = null;
      this._problem = null;
      return;
    }
    try {
      const results = await this.api.searchHistory(q, 'exited');
      if (seq !== this.searchSeq) return;
      this._results = results;
      this._problem = null;
    } catch (error) {
      if (seq === this.searchSeq) this._problem = `The search failed: ${describeError(error)}`;
    }
  }

  private async onResume(session: Session): Promise<void> {
    this._busy = session.id;
    const problem = await this.resume(session.id);
    this._busy = null;
    this._problem = problem;
    if (problem !== null) void this.load();
  }

  private async onForget(session: Session): Promise<void> {
    const ok = await this.confirm({
      title: `Forget ${session.name}?`,
      body: forgetWarning(session),
      confirm: 'Forget session',
      danger: true,
    });
    if (!ok) return;
    this._busy = session.id;
    const problem = await this.forget(session.id, session.name);
    this._busy = null;
    this._problem = problem;
    this._sessions = this._sessions.filter((s) => s.id !== session.id);
    if (this._results !== null) this._results = this._results.filter((r) => r.session.id !== session.id);
    void this.load();
  }
}

customElements.define('sb-past-sessions', SbPastSessions);

declare global {
  interface HTMLElementTagNameMap {
    'sb-past-sessions': SbPastSessions;
  }
}
