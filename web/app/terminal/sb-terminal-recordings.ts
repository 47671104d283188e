import { LitElement, css, html, nothing } from 'lit';
import type { RecordingInfo } from '../../../protocol/terminal.js';
import { formatBytes, formatClock } from '../state/format.js';

/** Saves one recording as a file; rejects with a sentence for the person. */
export type DownloadRecording = (name: string) => Promise<void>;

/**
 * A session's terminal recordings, small and collapsed under the terminal: when each began, its
 * size, and a download. Opening the list asks for a fresh one (`refresh`), since files grow and
 * rotate while recording is on.
 */
export class SbTerminalRecordings extends LitElement {
  static override properties = {
    recordings: { attribute: false },
    recording: { attribute: false },
    download: { attribute: false },
    refresh: { attribute: false },
    _busy: { state: true },
    _problem: { state: true },
  };

  /** Oldest first, as the hub lists them; null until the first answer. */
  declare recordings: readonly RecordingInfo[] | null;
  /** Recording is on now (the newest file is still growing). */
  declare recording: boolean;
  declare download: DownloadRecording;
  declare refresh: () => void;
  declare _busy: string | null;
  declare _problem: string | null;

  constructor() {
    super();
    this.recordings = null;
    this.recording = false;
    this.download = () => Promise.resolve();
    this.refresh = () => undefined;
    this._busy = null;
    this._problem = null;
  }

  static override styles = css`
    :host {
      display: block;
      font:
        0.8125rem/1.3 system-ui,
        sans-serif;
      color: #c3cad5;
    }
    summary {
      cursor: pointer;
      padding: 0.3rem 0.5rem;
      min-height: 2rem;
      display: flex;
      align-items: center;
      gap: 0.35rem;
      list-style: none;
    }
    summary::-webkit-details-marker {
      display: none;
    }
    summary::before {
      content: '▸';
      font-size: 0.75rem;
      transition: transform 0.1s;
    }
    details[open] summary::before {
      transform: rotate(90deg);
    }
    .live {
      color: #ffa8a8;
    }
    :focus-visible {
      outline: 3px solid #7aa7ff;
      outline-offset: -3px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0 0.5rem 0.4rem;
      max-height: 9rem;
      overflow-y: auto;
    }
    li {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.15rem 0;
    }
    .when {
      flex: 1;
      min-width: 0;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .size {
      color: #98a2b3;
      font-variant-numeric: tabular-nums;
    }
    button {
      font: inherit;
      color: #9bbaff;
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
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    p {
      margin: 0;
      padding: 0 0.5rem 0.4rem;
    }
    .problem {
      color: #ffa8a8;
    }
  `;

  override render() {
    const list = this.recordings ?? [];
    const now = Date.now();
    return html`<details data-testid="terminal-recordings" @toggle=${this._onToggle}>
      <summary>
        Recordings
        (${list.length})${this.recording ? html`<span class="live">· recording now</span>` : nothing}
      </summary>
      ${
        list.length === 0
          ? html`<p>None yet: ● Rec records this terminal to a file you can replay with asciinema.</p>`
          : html`<ul>
              ${[...list].reverse().map((r, i) => {
                const when = formatClock(r.startedAt, now) || r.name;
                const growing = this.recording && i === 0;
                return html`<li>
                  <span class="when" title=${r.name}>${when}${growing ? ' (still recording)' : ''}</span>
                  <span class="size">${formatBytes(r.size)}</span>
                  <button
                    data-testid="terminal-recording-download"
                    aria-label="Download the recording of ${when}"
                    ?disabled=${this._busy === r.name}
                    @click=${() => void this.save(r.name)}
                  >
                    Download
                  </button>
                </li>`;
              })}
            </ul>`
      }
      ${this._problem === null ? nothing : html`<p class="problem" role="alert">${this._problem}</p>`}
    </details>`;
  }

  private _onToggle(event: Event): void {
    if ((event.target as HTMLDetailsElement).open) this.refresh();
  }

  private async save(name: string): Promise<void> {
    this._busy = name;
    this._problem = null;
    try {
      await this.download(name);
    } catch (error) {
      this._problem = `Could not download it: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this._busy = null;
    }
  }
}

if (!customElements.get('sb-terminal-recordings')) {
  customElements.define('sb-terminal-recordings', SbTerminalRecordings);
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-terminal-recordings': SbTerminalRecordings;
  }
}
