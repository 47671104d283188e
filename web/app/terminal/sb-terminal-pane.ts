import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { TerminalController } from './terminal-controller.js';
import type { GetTerminalTicket, TerminalStatus } from './terminal-connection.js';

export type { GetTerminalTicket, TerminalStatus };

/** The pane's events; all bubble and cross shadow roots. */
export type TerminalPaneEvents = {
  /** The connection changed: connecting, open (with write or not), reconnecting, closed for good. */
  'sb-terminal-status': { sessionId: string; status: TerminalStatus };
  /** The person switched typing on or off (the pane reconnects with a matching ticket). */
  'sb-terminal-writable': { sessionId: string; writable: boolean };
  /** The person asked to turn recording on or off: PUT /api/sessions/:id/recording, then set `recording`. */
  'sb-terminal-recording': { sessionId: string; enabled: boolean };
  /** The close button (shown with `closable`). */
  'sb-terminal-close': { sessionId: string };
};

/**
 * A session's live terminal: xterm.js over the hub's terminal bridge (DESIGN section 6). Give it
 * `sessionId` and `getTicket` (which POSTs /api/sessions/:id/terminal-ticket); it fits its box,
 * reconnects with a fresh ticket, copies with Ctrl+C when text is selected (else sends ^C),
 * pastes, searches (Ctrl+Shift+F) and zooms (Ctrl+= / Ctrl+- / Ctrl+0, kept per session).
 * Read-only until `writable` is set or the person presses "Type". Children with
 * `slot="actions"` join the toolbar, before the close button.
 */
export class SbTerminalPane extends LitElement {
  static override properties = {
    sessionId: { attribute: 'session-id' },
    getTicket: { attribute: false },
    writable: { type: Boolean, reflect: true },
    recording: { attribute: false },
    closable: { type: Boolean },
    _status: { state: true },
    _fontSize: { state: true },
    _searching: { state: true },
  };

  declare sessionId: string;
  declare getTicket: GetTerminalTicket;
  /** Ask for a ticket that may type. */
  declare writable: boolean;
  /** Whether the hub records this session; null hides the record button. */
  declare recording: boolean | null;
  declare closable: boolean;
  declare _status: TerminalStatus;
  declare _fontSize: number;
  declare _searching: boolean;

  private readonly terminal = new TerminalController(this, {
    getTicket: () => this.getTicket,
    onStatus: (status) => {
      this._status = status;
      this.fire('sb-terminal-status', { sessionId: this.sessionId, status });
    },
    onFontSize: (size) => (this._fontSize = size),
    onSearchRequest: () => this.openSearch(),
  });

  constructor() {
    super();
    this.sessionId = '';
    this.getTicket = () => Promise.reject(new Error('sb-terminal-pane: no getTicket given'));
    this.writable = false;
    this.recording = null;
    this.closable = false;
    this._status = { state: 'connecting' };
    this._fontSize = 13;
    this._searching = false;
  }

  static override styles = [
    unsafeCSS(xtermCss),
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-width: 0;
        min-height: 12rem;
        height: 100%;
        box-sizing: border-box;
        background: #12161d;
        color: #e7ebf1;
        border-radius: 8px;
        overflow: hidden;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem;
        padding: 0.25rem 0.4rem;
        font:
          0.8125rem/1.2 system-ui,
          sans-serif;
        background: #1a2029;
        border-bottom: 1px solid #2b3340;
      }
      .status {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        flex: 1 1 8rem;
        color: #c3cad5;
      }
      .status::before {
        content: '';
        flex: none;
        width: 0.55rem;
        height: 0.55rem;
        border-radius: 50%;
        background: #98a2b3;
      }
      .status[data-state='open']::before {
        background: #51cf66;
      }
      .status[data-state='reconnecting']::before {
        background: #ff922b;
      }
      .status[data-state='closed']::before {
        background: #ff6b6b;
      }
      button {
        font: inherit;
        color: inherit;
        min-width: 2rem;
        min-height: 2rem;
        padding: 0 0.5rem;
        border: 1px solid #434d5c;
        border-radius: 6px;
        background: transparent;
        cursor: pointer;
      }
      button:hover {
        background: #232b37;
      }
      button[aria-pressed='true'] {
        background: #1d2a45;
        border-color: #6a92f5;
        color: #9bbaff;
      }
      button.rec[aria-pressed='true'] {
        background: #3a1d1f;
        border-color: #e03131;
        color: #ffa8a8;
      }
      :focus-visible {
        outline: 3px solid #7aa7ff;
        outline-offset: 1px;
      }
      input {
        font: inherit;
        color: inherit;
        width: 11rem;
        min-height: 2rem;
        padding: 0 0.4rem;
        border: 1px solid #434d5c;
        border-radius: 6px;
        background: #0f1319;
      }
      .size {
        min-width: 2.5rem;
        text-align: center;
        color: #98a2b3;
        font-variant-numeric: tabular-nums;
      }
      .screen {
        position: relative;
        flex: 1 1 auto;
        min-height: 0;
        padding: 4px 0 0 6px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('data-testid')) this.setAttribute('data-testid', 'terminal-pane');
  }

  override render() {
    const status = this._status;
    return html`
      <div class="bar" part="toolbar">
        <span
          class="status"
          role="status"
          data-testid="terminal-status"
          data-state=${status.state}
          title=${explain(status)}
          >${describe(status)}</span
        >
        ${
          this._searching
            ? html`<input
                type="search"
                aria-label="Find in terminal"
                placeholder="Find (Enter, Shift+Enter)"
                @input=${this._onSearchInput}
                @keydown=${this._onSearchKey}
              />`
            : nothing
        }
        <button title="Find (Ctrl+Shift+F)" aria-label="Find" @click=${this._onSearchButton}>⌕</button>
        <button
          title="Smaller text (Ctrl+-)"
          aria-label="Smaller text"
          @click=${() => this.terminal.zoom(-1)}
        >
          A−
        </button>
        <span class="size" aria-label="Text size">${this._fontSize}px</span>
        <button title="Larger text (Ctrl+=)" aria-label="Larger text" @click=${() => this.terminal.zoom(1)}>
          A+
        </button>
        <button
          title=${
            status.state === 'open'
              ? `Text size that shows the whole session (${status.sessionCols}×${status.sessionRows})`
              : 'Text size that shows the whole session'
          }
          aria-label="Fit the whole session"
          ?disabled=${status.state !== 'open'}
          @click=${() => this.terminal.fitSession()}
        >
          Fit
        </button>
        ${
          this.recording === null
            ? nothing
            : html`<button
                class="rec"
                data-testid="terminal-record"
                aria-pressed=${String(this.recording)}
                title=${this.recording ? 'Recording: click to stop' : 'Record this terminal (asciinema)'}
                @click=${this._onRecord}
              >
                ● Rec
              </button>`
        }
        <button
          data-testid="terminal-write"
          aria-pressed=${String(this.writable)}
          title=${this.writable ? 'Typing goes to the session: click for read-only' : 'Read-only: click to type'}
          @click=${this._onWritable}
        >
          ${this.writable ? 'Typing' : 'Type'}
        </button>
        <slot name="actions"></slot>
        ${
          this.closable
            ? html`<button aria-label="Close terminal" title="Close" @click=${this._onClose}>✕</button>`
            : nothing
        }
      </div>
      <div class="screen" data-testid="terminal-screen"></div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.screen');
    if (container === null || !this.isConnected) return;
    if (!this.terminal.mounted) {
      this.terminal.mount(container);
      this.terminal.connect(this.sessionId, this.writable);
    } else if (changed.has('sessionId') || changed.has('writable')) {
      this.terminal.connect(this.sessionId, this.writable);
    }
  }

  /** Focuses the terminal, so keys go to it. */
  override focus(): void {
    this.terminal.focus();
  }

  private openSearch(): void {
    this._searching = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector('input')?.focus());
  }

  private _onSearchButton(): void {
    if (this._searching) this.closeSearch();
    else this.openSearch();
  }

  private _onSearchInput(event: InputEvent): void {
    this.terminal.find((event.target as HTMLInputElement).value);
  }

  private _onSearchKey(event: KeyboardEvent): void {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.terminal.find(input.value, event.shiftKey);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.closeSearch();
    }
  }

  private closeSearch(): void {
    this._searching = false;
    this.terminal.find('');
    this.terminal.focus();
  }

  private _onWritable(): void {
    this.writable = !this.writable;
    this.fire('sb-terminal-writable', { sessionId: this.sessionId, writable: this.writable });
    void this.updateComplete.then(() => this.terminal.focus());
  }

  private _onRecord(): void {
    this.fire('sb-terminal-recording', { sessionId: this.sessionId, enabled: !this.recording });
  }

  private _onClose(): void {
    this.fire('sb-terminal-close', { sessionId: this.sessionId });
  }

  private fire<K extends keyof TerminalPaneEvents>(type: K, detail: TerminalPaneEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** The status at length, for the tooltip. */
function explain(status: TerminalStatus): string {
  if (status.state !== 'open') return describe(status);
  const size = `the session is ${status.sessionCols}×${status.sessionRows}`;
  return status.write
    ? `Live: what you type goes to the session (${size})`
    : `Live, read-only: press Type to type into it (${size})`;
}

function describe(status: TerminalStatus): string {
  switch (status.state) {
    case 'connecting':
      return 'Connecting…';
    case 'open':
      // Short: the toolbar is narrow beside a conversation; the title says the rest.
      return status.write ? 'Live · typing' : 'Live · read-only';
    case 'reconnecting':
      return `Reconnecting in ${Math.ceil(status.inMs / 100) / 10} s (${status.reason})`;
    case 'closed':
      return `Closed: ${status.reason}`;
  }
}

if (!customElements.get('sb-terminal-pane')) customElements.define('sb-terminal-pane', SbTerminalPane);

declare global {
  interface HTMLElementTagNameMap {
    'sb-terminal-pane': SbTerminalPane;
  }
  interface HTMLElementEventMap {
    'sb-terminal-status': CustomEvent<TerminalPaneEvents['sb-terminal-status']>;
    'sb-terminal-writable': CustomEvent<TerminalPaneEvents['sb-terminal-writable']>;
    'sb-terminal-recording': CustomEvent<TerminalPaneEvents['sb-terminal-recording']>;
    'sb-terminal-close': CustomEvent<TerminalPaneEvents['sb-terminal-close']>;
  }
}
