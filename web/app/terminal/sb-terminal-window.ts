import { LitElement, css, html } from 'lit';
import { HubApi, HubApiError, describeError } from '../api/hub-api.js';
import { browserStorage } from '../prefs.js';
import {
  browserPlace,
  dropLogin,
  logInWithToken,
  resumeLogin,
  type LoginOutcome,
} from '../api/page-login.js';
import '../components/sb-token-form.js';
import './sb-terminal-dock.js';

/**
 * A popped-out terminal (`/?terminal=<session id>`): one session's terminal filling the window,
 * nothing else of the page (no hub socket, no voice). It logs in as the page does (a login link,
 * the login this browser kept, or the token asked for once: web/app/api/page-login.ts).
 */
export class SbTerminalWindow extends LitElement {
  static override properties = {
    sessionId: { attribute: 'session-id' },
    _api: { state: true },
    _name: { state: true },
    _exited: { state: true },
    _problem: { state: true },
    _needToken: { state: true },
    _loginProblem: { state: true },
  };

  declare sessionId: string;
  declare _api: HubApi | null;
  declare _name: string;
  declare _exited: boolean;
  declare _problem: string | null;
  declare _needToken: boolean;
  declare _loginProblem: string | null;

  constructor() {
    super();
    this.sessionId = '';
    this._api = null;
    this._name = '';
    this._exited = false;
    this._problem = null;
    this._needToken = false;
    this._loginProblem = null;
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
    void resumeLogin(browserPlace(browserStorage())).then(this.afterLogin);
  }

  override render() {
    if (this._needToken) {
      return html`<sb-token-form .problem=${this._loginProblem} @sb-token=${this._onToken}></sb-token-form>`;
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

  private readonly afterLogin = (outcome: LoginOutcome): void => {
    if ('credential' in outcome) {
      void this.start(outcome.credential);
      return;
    }
    this._loginProblem = outcome.problem;
    this._needToken = true;
  };

  private async start(credential: string): Promise<void> {
    const api = new HubApi(credential);
    try {
      const session = await api.session(this.sessionId);
      this._name = session.name;
      this._exited = session.state === 'exited';
      document.title = `${session.name} · terminal · Switchboard`;
    } catch (error) {
      if (error instanceof HubApiError && error.unauthorized) {
        dropLogin(browserStorage());
        this._loginProblem = 'The hub no longer accepts this browser’s login; log in again.';
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
    void logInWithToken(event.detail.token, { storage: browserStorage() }).then(this.afterLogin);
  };
}

if (!customElements.get('sb-terminal-window')) customElements.define('sb-terminal-window', SbTerminalWindow);

declare global {
  interface HTMLElementTagNameMap {
    'sb-terminal-window': SbTerminalWindow;
  }
}
