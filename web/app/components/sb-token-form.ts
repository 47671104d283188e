import { LitElement, css, html, nothing } from 'lit';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

/**
 * The page is not logged in: says how to log in with one command on the hub's machine
 * (`switchboard open`), or takes the hub token once. Either way the browser keeps a login of its
 * own, never the token (web/app/state/login.ts).
 */
export class SbTokenForm extends LitElement {
  static override properties = { problem: {} };

  /** Why the last login failed, in the hub's words (a spent link, a wrong token); null: none. */
  declare problem: string | null;

  constructor() {
    super();
    this.problem = null;
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 60vh;
        padding: 1rem;
      }
      form {
        width: min(28rem, 100%);
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        background: var(--sb-surface);
        border: 1px solid var(--sb-border);
        border-radius: 16px;
        padding: 1.25rem;
      }
      h2 {
        margin: 0;
        font-size: 1.2rem;
      }
      p {
        margin: 0;
        line-height: 1.5;
        color: var(--sb-text-soft);
      }
      code {
        font-size: 0.9em;
        background: var(--sb-bg);
        padding: 0 0.25rem;
        border-radius: 4px;
      }
    `,
  ];

  override render() {
    return html`
      <form @submit=${this._onSubmit} data-testid="token-form">
        <h2>Log in to your hub</h2>
        <p>
          On the hub's machine, run <code>switchboard open</code> (or open the link
          <code>npm start</code> printed): it logs this browser in once and for all.
        </p>
        <p>
          Or paste the hub's token: the file <code>token</code> in the hub's data folder (<code
            >~/.switchboard/token</code
          >
          unless <code>SWITCHBOARD_DATA_DIR</code> says otherwise). This browser keeps a login, not the token.
        </p>
        ${this.problem === null ? nothing : html`<p class="error" role="alert">${this.problem}</p>`}
        <!-- Password managers file the token under this name. -->
        <input type="text" name="username" autocomplete="username" value="switchboard" hidden />
        <label for="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          spellcheck="false"
        />
        <button class="btn primary" type="submit">Log in</button>
      </form>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#token')?.focus();
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#token');
    const token = input?.value.trim() ?? '';
    if (token !== '') fire(this, 'sb-token', { token });
  }
}

customElements.define('sb-token-form', SbTokenForm);

declare global {
  interface HTMLElementTagNameMap {
    'sb-token-form': SbTokenForm;
  }
}
