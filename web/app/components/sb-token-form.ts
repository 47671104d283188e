import { LitElement, css, html, nothing } from 'lit';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';

/**
 * Asks for the hub token once, when the page was not opened on the hub's own machine (a phone
 * over Tailscale). The page remembers it in this browser.
 */
export class SbTokenForm extends LitElement {
  static override properties = { rejected: { type: Boolean } };

  /** The last token did not work. */
  declare rejected: boolean;

  constructor() {
    super();
    this.rejected = false;
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
        <h2>Connect to your hub</h2>
        <p>
          Paste the hub's token: the file <code>token</code> in the hub's data folder (<code
            >~/.switchboard/token</code
          >
          unless <code>SWITCHBOARD_DATA_DIR</code> says otherwise). This browser remembers it.
        </p>
        ${this.rejected ? html`<p class="error" role="alert">The hub did not accept that token. Check it and try again.</p>` : nothing}
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
        <button class="btn primary" type="submit">Connect</button>
      </form>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input');
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
