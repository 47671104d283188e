import { LitElement, css, html, nothing } from 'lit';
import type { Recordings } from '../../../protocol/terminal.js';
import { describeError, type HubApi } from '../api/hub-api.js';
import { fire } from '../events.js';
import { terminalWindowUrl } from '../state/terminal-window.js';
import type { GetTerminalTicket, TerminalPaneEvents } from './sb-terminal-pane.js';
import './sb-terminal-pane.js';
import './sb-terminal-recordings.js';

/** Where the terminal is shown: beside a conversation in the page, or alone in a popped-out window. */
export type DockMode = 'docked' | 'window';

/**
 * A session's terminal as the page shows it: the pane (tickets from the hub API), recording on and
 * off, the recordings below it, and (docked) "Pop out" and close in the pane's toolbar. Closing
 * and popping out fire `sb-terminal-toggle` with `open: false`; sb-app remembers it per session.
 */
export class SbTerminalDock extends LitElement {
  static override properties = {
    sessionId: { attribute: 'session-id' },
    sessionName: { attribute: false },
    api: { attribute: false },
    exited: { type: Boolean },
    mode: { reflect: true },
    _recordings: { state: true },
    _problem: { state: true },
  };

  declare sessionId: string;
  declare sessionName: string;
  declare api: HubApi | null;
  /** The session has exited: its screen is still there to read, but there is nothing to record. */
  declare exited: boolean;
  declare mode: DockMode;
  declare _recordings: Recordings | null;
  declare _problem: string | null;

  constructor() {
    super();
    this.sessionId = '';
    this.sessionName = '';
    this.api = null;
    this.exited = false;
    this.mode = 'docked';
    this._recordings = null;
    this._problem = null;
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
      box-sizing: border-box;
      background: #12161d;
      color: #e7ebf1;
    }
    sb-terminal-pane {
      flex: 1 1 auto;
      min-height: 0;
      height: auto;
      border-radius: 0;
    }
    /* Slotted into the pane's toolbar: its buttons' look. */
    .action {
      font:
        0.8125rem/1.2 system-ui,
        sans-serif;
      color: inherit;
      min-width: 2rem;
      min-height: 2rem;
      padding: 0 0.5rem;
      border: 1px solid #434d5c;
      border-radius: 6px;
      background: transparent;
      cursor: pointer;
    }
    .action:hover {
      background: #232b37;
    }
    .action:focus-visible {
      outline: 3px solid #7aa7ff;
      outline-offset: 1px;
    }
    .foot {
      flex: none;
      border-top: 1px solid #2b3340;
      background: #1a2029;
    }
    .row {
      position: relative;
    }
    /* The session's name, on the recordings' summary line (it tells a full-screen terminal apart). */
    .who {
      position: absolute;
      top: 0;
      right: 0;
      max-width: 35%;
      padding: 0.45rem 0.6rem;
      pointer-events: none;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font:
        600 0.8125rem/1.2 system-ui,
        sans-serif;
      color: #98a2b3;
    }
    .problem {
      margin: 0;
      padding: 0.3rem 0.5rem;
      font:
        0.8125rem/1.3 system-ui,
        sans-serif;
      color: #ffa8a8;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('data-testid')) this.setAttribute('data-testid', 'terminal-dock');
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('sessionId') || changed.has('api')) && this.api !== null && this.sessionId !== '') {
      this._recordings = null;
      void this.loadRecordings();
    }
  }

  protected override firstUpdated(): void {
    // Shown over the whole page (sb-app does that on a narrow screen): focus goes into it, on
    // the way out, which also says where it is ("Close the terminal").
    if (this.mode !== 'docked' || getComputedStyle(this).position !== 'fixed') return;
    // The button sits in the pane's toolbar slot: focusable once the pane has rendered it.
    void this.renderRoot
      .querySelector('sb-terminal-pane')
      ?.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('[data-testid="terminal-close"]')?.focus(),
      );
  }

  override render() {
    const recordings = this._recordings;
    return html`
      <sb-terminal-pane
        .sessionId=${this.sessionId}
        .getTicket=${this.getTicket}
        .recording=${this.exited || recordings === null ? null : recordings.enabled}
        @sb-terminal-recording=${this._onRecording}
      >
        ${
          this.mode === 'docked'
            ? html`<button
                  slot="actions"
                  class="action"
                  data-testid="terminal-popout"
                  title="Open this terminal alone in a window of its own"
                  @click=${this._onPopOut}
                >
                  Pop out
                </button>
                <button
                  slot="actions"
                  class="action"
                  data-testid="terminal-close"
                  aria-label="Close the terminal"
                  title="Close the terminal (the session goes on)"
                  @click=${this._onClose}
                >
                  ✕
                </button>`
            : nothing
        }
      </sb-terminal-pane>
      <div class="foot">
        ${this._problem === null ? nothing : html`<p class="problem" role="alert">${this._problem}</p>`}
        <div class="row">
          <sb-terminal-recordings
            .recordings=${recordings?.recordings ?? null}
            .recording=${recordings?.enabled ?? false}
            .download=${this.download}
            .refresh=${() => void this.loadRecordings()}
          ></sb-terminal-recordings>
          <span class="who">${this.sessionName}</span>
        </div>
      </div>
    `;
  }

  private readonly getTicket: GetTerminalTicket = (write, sessionId) => {
    if (this.api === null) return Promise.reject(Object.assign(new Error('Not connected'), { status: 401 }));
    // HubApiError carries the HTTP status: the pane stops on 404 and 401, retries otherwise.
    return this.api.terminalTicket(sessionId, write);
  };

  private async loadRecordings(): Promise<void> {
    const id = this.sessionId;
    try {
      const recordings = await this.api?.recordings(id);
      if (recordings !== undefined && id === this.sessionId) this._recordings = recordings;
    } catch {
      // No list: the record button stays hidden; the terminal itself says what is wrong.
    }
  }

  private readonly _onRecording = async (event: CustomEvent<TerminalPaneEvents['sb-terminal-recording']>) => {
    const { sessionId, enabled } = event.detail;
    this._problem = null;
    try {
      const recordings = await this.api?.setRecording(sessionId, enabled);
      if (recordings !== undefined && sessionId === this.sessionId) this._recordings = recordings;
    } catch (error) {
      this._problem = `Recording could not be turned ${enabled ? 'on' : 'off'}: ${describeError(error)}`;
    }
  };

  private readonly download = async (name: string): Promise<void> => {
    if (this.api === null) throw new Error('Not connected to the hub.');
    const blob = await this.api.recordingFile(this.sessionId, name);
    // The file needs the token, so it comes as a blob and leaves through a link to it.
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${this.sessionName || this.sessionId}-${name}`;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  private _onPopOut(): void {
    const opened = window.open(
      terminalWindowUrl(this.sessionId),
      `switchboard-terminal-${this.sessionId}`,
      'popup,width=960,height=640',
    );
    if (opened === null) {
      this._problem = 'The browser blocked the new window: allow pop-ups for this page, then try again.';
      return;
    }
    fire(this, 'sb-terminal-toggle', { id: this.sessionId, open: false });
  }

  private _onClose(): void {
    fire(this, 'sb-terminal-toggle', { id: this.sessionId, open: false });
  }
}

if (!customElements.get('sb-terminal-dock')) customElements.define('sb-terminal-dock', SbTerminalDock);

declare global {
  interface HTMLElementTagNameMap {
    'sb-terminal-dock': SbTerminalDock;
  }
}
