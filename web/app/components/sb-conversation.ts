import { LitElement, css, html, nothing } from 'lit';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import type { Session } from '../../../protocol/session.js';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import { fire } from '../events.js';
import { formatLifetime, shortPath } from '../state/format.js';
import { sessionProblem } from '../state/session-problem.js';
import type { DotState } from '../state/session-dot.js';
import { sharedStyles } from '../styles/shared.js';
import { dotStyles } from './dot-styles.js';
import { icons } from './icons.js';
import type { AnswerDialog } from './sb-dialog-prompt.js';
import type { SendReply, SbReplyBox } from './sb-reply-box.js';
import type { SpokenHighlight } from './sb-transcript.js';
import './sb-dialog-prompt.js';
import './sb-permission-callout.js';
import './sb-reply-box.js';
import './sb-transcript.js';

/** The selected session: who it is, its start-up dialog if any, the transcript and the reply box. */
export class SbConversation extends LitElement {
  static override properties = {
    session: { attribute: false },
    dot: { attribute: false },
    dotLabel: { attribute: false },
    entries: { attribute: false },
    loading: { attribute: false },
    highlight: { attribute: false },
    now: { attribute: false },
    send: { attribute: false },
    sendMessage: { attribute: false },
    answerDialog: { attribute: false },
    permissions: { attribute: false },
    terminalOpen: { attribute: false },
  };

  declare session: Session;
  declare dot: DotState;
  declare dotLabel: string;
  declare entries: readonly TranscriptEntry[];
  declare loading: boolean;
  declare highlight: SpokenHighlight | null;
  declare now: number;
  declare send: SendReply;
  declare sendMessage: SendReply;
  declare answerDialog: AnswerDialog;
  /** The session's pending permission requests, oldest first. */
  declare permissions: readonly PermissionRequest[];
  /** The session's terminal is shown beside (or over) the conversation. */
  declare terminalOpen: boolean;

  constructor() {
    super();
    this.permissions = [];
    this.entries = [];
    this.loading = false;
    this.highlight = null;
    this.now = Date.now();
    this.dot = 'starting';
    this.dotLabel = '';
    this.terminalOpen = false;
  }

  static override styles = [
    sharedStyles,
    dotStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.6rem clamp(0.75rem, 3vw, 2rem);
        border-bottom: 1px solid var(--sb-border);
        background: var(--sb-bg);
      }
      .title {
        min-width: 0;
        flex: 1;
      }
      h2 {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        font-size: 1.1rem;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.15rem 0.9rem;
        color: var(--sb-muted);
        font-size: 0.85rem;
        margin-top: 0.1rem;
      }
      .facts span {
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        max-width: 100%;
      }
      .state {
        color: var(--sb-text-soft);
        font-weight: 600;
      }
      .status-text {
        font-style: italic;
      }
      sb-transcript {
        flex: 1;
        min-height: 0;
      }
      .problem {
        max-width: 52rem;
        margin: 0.5rem auto 0;
      }
      .exited {
        max-width: 52rem;
        margin: 0.5rem auto 0;
        padding: 0 clamp(0.75rem, 3vw, 2rem);
        color: var(--sb-muted);
      }
      @media (max-width: 640px) {
        .label,
        .folder {
          display: none;
        }
      }
    `,
  ];

  /** Puts the caret in the reply box. */
  focusReply(): void {
    this.replyBox?.focusInput();
  }

  /** The person has typed something they have not sent (the page then does not switch away). */
  get hasDraft(): boolean {
    return this.replyBox?.hasDraft ?? false;
  }

  /** Back on the "Terminal" button, after its terminal closed. */
  focusTerminalToggle(): void {
    this.renderRoot.querySelector<HTMLElement>('[data-testid="terminal-toggle"]')?.focus();
  }

  private get replyBox(): SbReplyBox | null {
    return this.renderRoot.querySelector('sb-reply-box');
  }

  override render() {
    const s = this.session;
    const exited = s.state === 'exited';
    const problem = sessionProblem(s, this.now);
    return html`
      <header>
        <div class="title">
          <h2><span class="dot" data-dot=${this.dot} aria-hidden="true"></span>${s.name}</h2>
          <div class="facts">
            <span class="state">${this.dotLabel}</span>
            ${s.statusText ? html`<span class="status-text">${s.statusText}</span>` : nothing}
            <span class="folder" title=${s.cwd}>${shortPath(s.cwd, 3)}</span>
            <span data-testid="session-lifetime">${formatLifetime(s, this.now)}</span>
            ${s.contextPercent === null ? nothing : html`<span>context ${Math.round(s.contextPercent)}%</span>`}
            ${s.muted ? html`<span>muted</span>` : nothing}
          </div>
        </div>
        <button
          class="btn quiet"
          data-testid="terminal-toggle"
          aria-label="Terminal"
          aria-pressed=${this.terminalOpen ? 'true' : 'false'}
          title=${this.terminalOpen ? 'Hide the terminal' : `Show ${s.name}'s live terminal`}
          @click=${() => fire(this, 'sb-terminal-toggle', { id: s.id, open: !this.terminalOpen })}
        >
          ${icons.terminal}<span class="label">Terminal</span>
        </button>
        ${
          exited || s.shellOnly
            ? nothing
            : html`<button
                class="btn quiet"
                data-testid="session-tasks-toggle"
                aria-label="Tasks from other sessions"
                aria-pressed=${s.acceptsSessionTasks ? 'true' : 'false'}
                title=${
                  s.acceptsSessionTasks
                    ? `Other sessions' tasks are typed into ${s.name}. Press to keep them in its inbox as notes.`
                    : `Other sessions' tasks wait in ${s.name}'s inbox as notes. Press to have them typed in.`
                }
                @click=${() => fire(this, 'sb-session-tasks', { id: s.id, accept: !s.acceptsSessionTasks })}
              >
                ${icons.mail}<span class="label">Tasks from sessions</span>
              </button>`
        }
        <button
          class="btn quiet"
          aria-label="Stop session ${s.name}"
          @click=${() => fire(this, 'sb-close', { id: s.id })}
        >
          ${icons.close}<span class="label">Stop session</span>
        </button>
      </header>
      ${
        problem === null
          ? nothing
          : html`<p class="problem error" role="alert" data-testid="session-problem">${problem.long}</p>`
      }
      ${
        s.dialog === null || exited
          ? nothing
          : html`<sb-dialog-prompt
              .sessionId=${s.id}
              .dialog=${s.dialog}
              .answer=${this.answerDialog}
            ></sb-dialog-prompt>`
      }
      ${
        this.permissions.length === 0 || exited
          ? nothing
          : html`<sb-permission-callout
              .sessionId=${s.id}
              .sessionName=${s.name}
              .requests=${this.permissions}
            ></sb-permission-callout>`
      }
      <sb-transcript
        .entries=${this.entries}
        .sessionName=${s.name}
        .highlight=${this.highlight}
        .loading=${this.loading}
        .now=${wholeMinute(this.now)}
      ></sb-transcript>
      ${
        exited
          ? html`<p class="exited">Exited${s.exitReason ? `: ${s.exitReason}` : ''}. Its folder is kept.</p>`
          : nothing
      }
      <sb-reply-box
        .sessionId=${s.id}
        .sessionName=${s.name}
        .pending=${s.pendingConverse}
        .exited=${exited}
        .send=${this.send}
        .sendMessage=${this.sendMessage}
      ></sb-reply-box>
    `;
  }
}

/** The transcript shows clock times to the minute: it need not re-render with every tick. */
function wholeMinute(now: number): number {
  return now - (now % 60_000);
}

customElements.define('sb-conversation', SbConversation);

declare global {
  interface HTMLElementTagNameMap {
    'sb-conversation': SbConversation;
  }
}
