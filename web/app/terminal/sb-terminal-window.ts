import { LitElement, css, html } from 'lit';
import { HubApi, HubApiError, describeError } from '../api/hub-api.js';
import { browserStorage } from '../prefs.js';
import { forgetToken, rememberToken, resolveToken } from '../state/token.js';
import '../components/sb-token-form.js';
import './sb-terminal-dock.js';

/**
 * A popped-out terminal (`/?terminal=<session id>`): one session's terminal filling the window,
 * nothing else of the page (no hub socket, no voice). The token comes as for the page: from the
 * hub on loopback, else remembered by this browser, else asked for once.
 */
export class SbTerminalWindow extends LitElement {
  static override properties = {
    sessionId: { attribute: 'session-id' },
    _api: { state: true },
    _name: { state: true },
    _exited: { state: true },
    _problem: { state: true },
    _needToken: { state: true },
    _tokenRejected: { state: true },
  };

  declare sessionId: string;
  declare _api: HubApi | null;
  declare _name: string;
  declare _exited: boolean;
  declare _problem: string | null;
  declare _needToken: boolean;
  declare _tokenRejected: boolean;

  constructor() {
    super();
    this.sessionId = '';
    this._api = null;
    this._name = '';
    this._exited = false;
    this._problem = null;
    this._needToken = false;
    this._tokenRejected = false;
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100dvh;
      background: #12161d;
      color: #e7ebf1;
    }
    sb-terminal-dock {
      flex: 1;
      min-height: 0;
    }
    sb-token-form {
      background: var(--sb-bg);
      color: var(--sb-text);
      flex: 1;
    }
    p {
      margin: 0;
      padding: 0.4rem 0.6rem;
      font:
        0.875rem/1.4 system-ui,
        sans-serif;
      color: #ffa8a8;
      background: #3a1d1f;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    const meta = document.querySelector<HTMLMetaElement>('meta[name="switchboard-token"]')?.content;
    const found = resolveToken(meta, browserStorage());
    if (found === null) this._needToken = true;
    else void this.start(found.token);
  }

  override render() {
    if (this._needToken) {
      return html`<sb-token-form
        ?rejected=${this._tokenRejected}
        @sb-token=${this._onToken}
      ></sb-token-form>`;
    }
    const problem = this._problem === null ? '' : html`<p role="alert">${this._problem}</p>`;
    // The dock starts connecting as soon as it renders: only once there is an API to ask for tickets.
    if (this._api === null) return problem;
    return html`${problem}
      <sb-terminal-dock
        mode="window"
        .sessionId=${this.sessionId}
        .sessionName=${this._name}
        .api=${this._api}
        ?exited=${this._exited}
      ></sb-terminal-dock>`;
  }

  private async start(token: string): Promise<void> {
    const api = new HubApi(token);
    try {
      const session = await api.session(this.sessionId);
      this._name = session.name;
      this._exited = session.state === 'exited';
      document.title = `${session.name} · terminal · Switchboard`;
    } catch (error) {
      if (error instanceof HubApiError && error.unauthorized) {
        forgetToken(browserStorage());
        this._tokenRejected = true;
        this._needToken = true;
        return;
      }
      // The pane says more as it tries (a gone session ends it); the name is only a nicety.
      this._problem = `Session ${this.sessionId}: ${describeError(error)}`;
    }
    this._needToken = false;
    this._api = api;
  }

  private readonly _onToken = (event: CustomEvent<{ token: string }>) => {
    rememberToken(browserStorage(), event.detail.token);
    this._tokenRejected = false;
    this._needToken = false;
    void this.start(event.detail.token);
  };
}

if (!customElements.get('sb-terminal-window')) customElements.define('sb-terminal-window', SbTerminalWindow);

declare global {
  interface HTMLElementTagNameMap {
    'sb-terminal-window': SbTerminalWindow;
  }
}
