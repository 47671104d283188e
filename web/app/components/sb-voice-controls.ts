import { LitElement, css, html, nothing } from 'lit';
import type { Session } from '../../../protocol/session.js';
import type { VoiceInfo } from '../api/hub-api.js';
import { fire } from '../events.js';
import type { VadName } from '../controllers/voice-controller.js';
import { micButtonState, micText, vadDescription, type MicPhase } from '../state/mic.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';

const SPEEDS = [0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

/**
 * The voice bar: the big mic button (tap to talk, tap to stop), Stop, mute for the session,
 * hands-free for the page, and the session's voice and speed. It shows what is going on in words,
 * and the sentence being spoken.
 */
export class SbVoiceControls extends LitElement {
  static override properties = {
    phase: { attribute: false },
    session: { attribute: false },
    speakerName: { attribute: false },
    talkTo: { attribute: false },
    caption: { attribute: false },
    queueSummary: { attribute: false },
    handsFree: { attribute: false },
    voices: { attribute: false },
    problem: { attribute: false },
    vad: { attribute: false },
    vadUpcoming: { attribute: false },
    _settingsOpen: { state: true },
  };

  declare phase: MicPhase;
  declare session: Session | null;
  declare speakerName: string | null;
  /** The live session speaking first talks to (the one on screen); null: none. */
  declare talkTo: string | null;
  /** The sentence being spoken now. */
  declare caption: string;
  declare queueSummary: string;
  declare handsFree: boolean;
  declare voices: VoiceInfo[];
  /** Why voice cannot fully work here (no microphone, speech models missing). */
  declare problem: string | null;
  /** The voice activity detector in use (data-vad on the mic button: a contract with the tests). */
  declare vad: VadName;
  /** The detector that takes over at the next listen, when one has loaded. */
  declare vadUpcoming: VadName | null;
  /** Narrow screens: voice and speed fold away behind a button. */
  declare _settingsOpen: boolean;

  constructor() {
    super();
    this.phase = 'locked';
    this.session = null;
    this.speakerName = null;
    this.talkTo = null;
    this.caption = '';
    this.queueSummary = '';
    this.handsFree = true;
    this.voices = [];
    this.problem = null;
    this.vad = 'energy';
    this.vadUpcoming = null;
    this._settingsOpen = false;
  }

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        border-top: 1px solid var(--sb-border);
        background: var(--sb-surface);
        padding: 0.6rem clamp(0.75rem, 3vw, 2rem) calc(0.6rem + env(safe-area-inset-bottom));
      }
      .bar {
        display: grid;
        grid-template-columns: 1fr auto 1fr;
        grid-template-areas: 'left mic right';
        align-items: center;
        gap: 0.75rem;
        max-width: 72rem;
        margin: 0 auto;
      }
      .left {
        grid-area: left;
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-width: 0;
      }
      .center {
        grid-area: mic;
        display: flex;
        align-items: center;
        gap: 0.9rem;
      }
      .right {
        grid-area: right;
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        align-items: center;
      }
      .status {
        max-width: 26rem;
        min-height: 2.6rem;
        display: flex;
        flex-direction: column;
        justify-content: center;
      }
      .status-line {
        font-weight: 600;
      }
      .caption {
        color: var(--sb-text-soft);
        font-size: 0.9rem;
        overflow: hidden;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }
      .next {
        color: var(--sb-waiting-text);
        font-size: 0.85rem;
      }
      .problem {
        color: var(--sb-warning-text);
        font-size: 0.85rem;
      }
      .mic {
        position: relative;
        width: 72px;
        height: 72px;
        border-radius: 50%;
        border: 0;
        background: var(--sb-accent);
        color: var(--sb-on-accent);
        display: grid;
        place-items: center;
        box-shadow: 0 2px 8px color-mix(in srgb, var(--sb-accent) 40%, transparent);
        flex: none;
      }
      .mic svg.icon {
        width: 32px;
        height: 32px;
      }
      .mic[data-phase='locked'] {
        background: var(--sb-dot-muted);
      }
      .mic[data-state='speaking'] {
        background: var(--sb-dot-speaking);
      }
      .mic[data-state='listening'] {
        background: var(--sb-dot-listening);
        animation: pulse 1.3s ease-out infinite;
      }
      /* Push-to-talk: a question waits for the person's tap; no pulse, the mic is closed. */
      .mic[data-state='ready'] {
        background: var(--sb-dot-waiting);
      }
      .mic[data-phase='transcribing'] {
        background: var(--sb-dot-busy);
      }
      @keyframes pulse {
        0% {
          box-shadow: 0 0 0 0 color-mix(in srgb, var(--sb-dot-listening) 55%, transparent);
        }
        100% {
          box-shadow: 0 0 0 18px transparent;
        }
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.1rem;
        font-size: 0.75rem;
        color: var(--sb-muted);
      }
      .field label {
        font-weight: 600;
      }
      .field select {
        min-height: 40px;
        padding: 0.3rem 1.6rem 0.3rem 0.5rem;
        font-size: 0.9rem;
        width: auto;
        max-width: 11rem;
      }
      .switch-label {
        font-size: 0.9rem;
      }
      .fields {
        display: flex;
        gap: 0.5rem;
      }
      .settings {
        display: none;
      }
      @media (max-width: 820px) {
        .bar {
          grid-template-columns: 1fr auto auto;
          grid-template-areas:
            'mic mic mic'
            'left settings stop'
            'fields fields fields';
          gap: 0.5rem;
        }
        .right {
          display: contents;
        }
        .settings {
          display: inline-flex;
          grid-area: settings;
        }
        .btn.stop {
          grid-area: stop;
          padding: 0;
          width: 44px;
        }
        .stop-label {
          display: none;
        }
        .fields {
          grid-area: fields;
          display: none;
        }
        .fields[data-open] {
          display: flex;
        }
        .fields .field {
          flex: 1;
        }
        .field select {
          max-width: none;
          width: 100%;
        }
        .center {
          justify-content: flex-start;
        }
        .status {
          min-height: 0;
        }
      }
      @media (max-width: 480px) {
        .switch-label.optional {
          display: none;
        }
      }
    `,
  ];

  override render() {
    const state = micButtonState(this.phase);
    const text = micText(this.phase, {
      speakerName: this.speakerName,
      queueSummary: this.queueSummary,
      handsFree: this.handsFree,
      talkTo: this.talkTo,
    });
    const vadText = vadDescription(this.vad, this.vadUpcoming, this.phase !== 'locked');
    const canStop = ['speaking', 'listening', 'waiting', 'ready'].includes(this.phase);
    const s = this.session;
    return html`
      <div class="bar" role="group" aria-label="Voice" aria-description=${vadText}>
        <div class="left">
          <button
            class="btn"
            data-testid="mute-toggle"
            aria-pressed=${s?.muted ? 'true' : 'false'}
            aria-label=${s === null ? 'Mute session' : `Mute ${s.name}`}
            title="Muted sessions do not speak; their questions wait for a typed answer"
            ?disabled=${s === null || s.state === 'exited'}
            @click=${() => s && fire(this, 'sb-mute', { id: s.id, muted: !s.muted })}
          >
            ${s?.muted ? icons.muted : icons.speaker}<span class="switch-label optional"
              >${s?.muted ? 'Muted' : 'Mute'}</span
            >
          </button>
          <button
            class="btn"
            data-testid="hands-free-toggle"
            aria-pressed=${this.handsFree ? 'true' : 'false'}
            title=${
              this.handsFree
                ? 'Hands-free: waiting sessions speak one after another, announced by name. Click for push-to-talk.'
                : 'Push-to-talk: waiting sessions wait for your tap (or Space). Click for hands-free.'
            }
            @click=${() => fire(this, 'sb-hands-free', { handsFree: !this.handsFree })}
          >
            ${icons.handsFree}<span class="switch-label">Hands-free</span>
          </button>
        </div>
        <div class="center">
          <button
            class="mic"
            data-testid="mic-button"
            data-state=${state}
            data-phase=${this.phase}
            data-vad=${this.vad}
            data-vad-next=${this.vadUpcoming ?? nothing}
            aria-label=${text.label}
            aria-describedby="voice-status"
            title="${text.label} (Space). ${vadText}"
            @click=${() => fire(this, 'sb-mic', {})}
          >
            ${this.phase === 'speaking' ? icons.stop : icons.mic}
          </button>
          <div class="status" id="voice-status">
            <span class="status-line">${text.status}</span>
            ${this.caption === '' ? nothing : html`<span class="caption">“${this.caption}”</span>`}
            ${
              this.queueSummary !== '' && this.phase !== 'idle' && this.phase !== 'locked'
                ? html`<span class="next">Next: ${this.queueSummary}</span>`
                : nothing
            }
            ${this.problem === null ? nothing : html`<span class="problem">${this.problem}</span>`}
          </div>
        </div>
        <div class="right">
          ${
            s === null
              ? nothing
              : html`<div class="fields" id="voice-fields" ?data-open=${this._settingsOpen}>
                    ${this.renderVoiceFields(s)}
                  </div>
                  <button
                    class="btn icon settings"
                    aria-expanded=${this._settingsOpen ? 'true' : 'false'}
                    aria-controls="voice-fields"
                    aria-label="Voice and speed of ${s.name}"
                    @click=${() => (this._settingsOpen = !this._settingsOpen)}
                  >
                    ${icons.sliders}
                  </button>`
          }
          <button
            class="btn stop"
            aria-label="Stop (Esc)"
            title="Stop speaking or listening (Esc)"
            ?disabled=${!canStop}
            @click=${() => fire(this, 'sb-interrupt', {})}
          >
            ${icons.stop}<span class="stop-label">Stop</span>
          </button>
        </div>
      </div>
    `;
  }

  private renderVoiceFields(s: Session) {
    const voices = this.voices.some((v) => v.id === s.voice)
      ? this.voices
      : [{ id: s.voice, name: s.voice }, ...this.voices];
    const speeds = SPEEDS.includes(s.speed) ? SPEEDS : [...SPEEDS, s.speed].sort((a, b) => a - b);
    const disabled = s.state === 'exited';
    return html`
      <div class="field">
        <label for="voice">Voice<span class="visually-hidden"> of ${s.name}</span></label>
        <select
          id="voice"
          data-testid="voice-select"
          ?disabled=${disabled}
          @change=${(e: Event) => this._onVoice(s, e)}
        >
          ${voices.map((v) => html`<option value=${v.id} ?selected=${v.id === s.voice}>${v.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="speed">Speed<span class="visually-hidden"> of ${s.name}</span></label>
        <select
          id="speed"
          data-testid="speed-select"
          ?disabled=${disabled}
          @change=${(e: Event) => this._onSpeed(s, e)}
        >
          ${speeds.map((v) => html`<option value=${v} ?selected=${v === s.speed}>${v}×</option>`)}
        </select>
      </div>
    `;
  }

  private _onVoice(s: Session, event: Event): void {
    fire(this, 'sb-voice', { id: s.id, voice: (event.target as HTMLSelectElement).value });
  }

  private _onSpeed(s: Session, event: Event): void {
    fire(this, 'sb-voice', { id: s.id, speed: Number((event.target as HTMLSelectElement).value) });
  }
}

customElements.define('sb-voice-controls', SbVoiceControls);

declare global {
  interface HTMLElementTagNameMap {
    'sb-voice-controls': SbVoiceControls;
  }
}
