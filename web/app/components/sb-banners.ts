import { LitElement, css, html, nothing } from 'lit';
import type { AudioState } from '../controllers/voice-controller.js';
import { fire } from '../events.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';

export type Notice = { id: number; text: string; kind: 'error' | 'info' };
export type AnnouncementView = { text: string; sessionId: string; sessionName: string; offerSwitch: boolean };

/**
 * What the page has to say above the conversation: the "Enable audio" call (browsers start audio
 * only after a tap), who is speaking when it is not the session on screen, and notices (errors
 * from the hub, hints).
 */
export class SbBanners extends LitElement {
  static override properties = {
    audio: { attribute: false },
    announcement: { attribute: false },
    notices: { attribute: false },
  };

  declare audio: AudioState;
  declare announcement: AnnouncementView | null;
  declare notices: Notice[];

  constructor() {
    super();
    this.audio = 'locked';
    this.announcement = null;
    this.notices = [];
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
        padding: 0 clamp(0.75rem, 3vw, 2rem);
      }
      :host([empty]) {
        display: none;
      }
      .banner {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        flex-wrap: wrap;
        max-width: 72rem;
        width: 100%;
        margin: 0 auto;
        border-radius: 12px;
        padding: 0.5rem 0.6rem 0.5rem 0.9rem;
        border: 1px solid var(--sb-border);
        background: var(--sb-surface);
      }
      .banner:first-child {
        margin-top: 0.5rem;
      }
      .banner p {
        margin: 0;
        flex: 1;
        min-width: 12rem;
      }
      .audio {
        border-color: var(--sb-accent);
        background: var(--sb-accent-soft);
      }
      .announce {
        border-color: var(--sb-dot-speaking);
      }
      .announce strong {
        color: var(--sb-accent-text);
      }
      .notice.error {
        border-color: var(--sb-danger);
        background: var(--sb-danger-soft);
        color: var(--sb-danger-text);
      }
    `,
  ];

  protected override updated(): void {
    const empty = this.audio === 'running' && this.announcement === null && this.notices.length === 0;
    this.toggleAttribute('empty', empty);
  }

  override render() {
    return html`
      ${this.audio === 'running' ? nothing : this.renderAudio()}
      ${
        this.announcement === null
          ? nothing
          : html`<div
              class="banner announce"
              data-testid="announcement"
              data-session-id=${this.announcement.sessionId}
            >
              ${icons.speaker}
              <p><strong>${this.announcement.text}</strong></p>
              ${
                this.announcement.offerSwitch
                  ? html`<button
                      class="btn"
                      @click=${() => this.announcement && fire(this, 'sb-select', { id: this.announcement.sessionId })}
                    >
                      Show ${this.announcement.sessionName}
                    </button>`
                  : nothing
              }
            </div>`
      }
      ${this.notices.map(
        (n) =>
          html`<div class="banner notice ${n.kind}" role=${n.kind === 'error' ? 'alert' : 'status'}>
            <p>${n.text}</p>
            <button
              class="btn quiet icon"
              aria-label="Dismiss"
              @click=${() => fire(this, 'sb-dismiss', { id: n.id })}
            >
              ${icons.close}
            </button>
          </div>`,
      )}
    `;
  }

  private renderAudio() {
    const starting = this.audio === 'starting';
    const text =
      this.audio === 'suspended'
        ? 'The browser paused the audio. Tap to turn it back on.'
        : 'Sessions can only speak here once audio is on: browsers need a tap first.';
    return html`<div class="banner audio">
      ${icons.speaker}
      <p>${text}</p>
      <button
        class="btn primary"
        data-testid="enable-audio"
        ?disabled=${starting}
        @click=${() => fire(this, 'sb-enable-audio', {})}
      >
        Enable audio
      </button>
    </div>`;
  }
}

customElements.define('sb-banners', SbBanners);

declare global {
  interface HTMLElementTagNameMap {
    'sb-banners': SbBanners;
  }
}
