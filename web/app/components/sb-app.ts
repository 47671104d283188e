import { LitElement, html, nothing } from 'lit';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import { HubApi, HubApiError } from '../api/hub-api.js';
import {
  browserPlace,
  dropLogin,
  logInWithToken,
  resumeLogin,
  type LoginOutcome,
} from '../api/page-login.js';
import { Announcer } from '../controllers/announcer.js';
import { HubConnection } from '../controllers/hub-connection.js';
import { DictationController } from '../controllers/dictation-controller.js';
import { HubData } from '../controllers/hub-data.js';
import { KeyboardShortcuts } from '../controllers/keyboard-shortcuts.js';
import { MediaSessionController } from '../controllers/media-session.js';
import { PermissionInbox } from '../controllers/permission-inbox.js';
import { SessionActions } from '../controllers/session-actions.js';
import { TerminalDocks } from '../controllers/terminal-docks.js';
import { VoiceController, type SpokenTurn } from '../controllers/voice-controller.js';
import { WakeLockController } from '../controllers/wake-lock.js';
import { pageLog } from '../log.js';
import type { KeyCommand } from '../state/keymap.js';
import type { TapAction } from '../state/mic.js';
import { announcementFor, queueSummary, shouldFollowSpeaker } from '../state/queue.js';
import type { RosterSort } from '../state/roster.js';
import { browserStorage, prefs } from '../prefs.js';
import { appStyles } from './sb-app-styles.js';
import { renderMain, renderVoiceBar, voiceView } from './sb-app-view.js';
import type { ConfirmOptions, SbConfirmDialog } from './sb-confirm-dialog.js';
import type { SbConversation } from './sb-conversation.js';
import type { AppViewName } from './sb-header.js';
import type { SbNewSessionDialog } from './sb-new-session-dialog.js';
import type { SbPermissionInbox } from './sb-permission-inbox.js';
import type { SbTabs } from './sb-tabs.js';
import './sb-banners.js';
import './sb-confirm-dialog.js';
import './sb-dictation.js';
import './sb-conversation.js';
import './sb-header.js';
import './sb-new-session-dialog.js';
import './sb-permission-inbox.js';
import './sb-roster.js';
import './sb-tabs.js';
import './sb-token-form.js';
import './sb-voice-controls.js';

/**
 * The page: wires the hub connection, the hub's data, the voice controller and the browser
 * features (wake lock, media keys, shortcuts) to the components, and owns what is on screen.
 */
export class SbApp extends LitElement {
  static override properties = {
    view: { state: true },
    inboxFilter: { state: true },
    needToken: { state: true },
    loginProblem: { state: true },
    now: { state: true },
  };

  declare view: AppViewName;
  /** The inbox shows only this session's requests ("Review permission"); null: all sessions. */
  declare inboxFilter: string | null;
  declare needToken: boolean;
  /** Why the page is not logged in (a spent login link, a refused token); null: it never was. */
  declare loginProblem: string | null;
  /** The clock for uptimes and "5 min ago" (ticks every second, so a young session's uptime counts). */
  declare now: number;
  api: HubApi | null = null;
  rosterSort: RosterSort | null = prefs.rosterSort();
  readonly log = pageLog();
  private clock: ReturnType<typeof setInterval> | undefined;
  private captionTimer: ReturnType<typeof setInterval> | undefined;

  readonly announcer = new Announcer(this);
  readonly data = new HubData(this, {
    onQueued: (ids) => {
      const joined = this.data.queue.filter((q) => ids.includes(q.sessionId));
      this.announcer.say(`${queueSummary(joined, this.data.nameOf)}.`);
    },
    onProblem: (text) => this.announcer.notify(text, 'error'),
    onProtocolMismatch: (version) =>
      this.announcer.notify(`The hub speaks protocol version ${version}: reload the page.`, 'error'),
    log: this.log,
  });
  readonly permissions = new PermissionInbox(this, {
    api: () => this.api,
    selectedId: () => this.data.selectedId,
    say: (text) => this.announcer.say(text),
    notify: (text, kind) => this.announcer.notify(text, kind),
    log: this.log,
  });
  readonly actions = new SessionActions({
    api: () => this.api,
    data: this.data,
    say: (text) => this.announcer.say(text),
    notify: (text, kind) => this.announcer.notify(text, kind),
    show: (id) => this.select(id),
  });
  readonly dictation = new DictationController(this, {
    sessions: () => this.data.ordered,
    send: (sessionId, text) => this.actions.spoken(sessionId, text),
    say: (text) => this.announcer.say(text),
    notify: (text, kind) => this.announcer.notify(text, kind),
  });
  readonly voice = new VoiceController(this, {
    onSpeaking: (turn) => this.onSpeaking(turn),
    talkTarget: () => {
      const selected = this.data.selected;
      return selected === null || selected.state === 'exited' ? null : selected.id;
    },
    onDictation: (dictation) => this.dictation.receive(dictation),
    onProblem: (text) => this.announcer.notify(text, 'error'),
    log: this.log,
  });
  readonly connection = new HubConnection(this, {
    socketUrl: (token) =>
      `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`,
    onMessage: (message) => {
      this.data.receive(message);
      this.permissions.receive(message);
      if (message.type === 'turn_end') this.announcer.turnEnded(message.turnId);
      if (message.type === 'transcript') this.sayEntry(message.entry);
    },
    onSocket: (socket) => {
      this.voice.attach(socket);
      if (socket !== null) this.data.onConnected();
    },
    checkToken: async () => {
      try {
        await this.api?.sessions();
        return 'ok';
      } catch (error) {
        return error instanceof HubApiError && error.unauthorized ? 'unauthorized' : 'unreachable';
      }
    },
    onUnauthorized: () => {
      dropLogin(browserStorage());
      this.loginProblem = 'The hub no longer accepts this browser’s login; log in again.';
      this.needToken = true;
    },
    log: this.log,
  });
  readonly wakeLock = new WakeLockController(this);
  readonly mediaSession = new MediaSessionController(this, {
    pause: () => this.voice.interrupt(),
    play: () => this.afterTap(this.voice.tap(this.data.queue.length)),
  });
  readonly terminals = new TerminalDocks(this, {
    closed: () => this.renderRoot.querySelector<SbConversation>('sb-conversation')?.focusTerminalToggle(),
    log: this.log,
  });
  readonly shortcuts = new KeyboardShortcuts(this, {
    onCommand: (command) => this.onCommand(command),
    modalOpen: () => this.modalOpen,
  });

  constructor() {
    super();
    this.view = 'conversation';
    this.inboxFilter = null;
    this.needToken = false;
    this.loginProblem = null;
    this.now = Date.now();
  }

  static override styles = appStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    void resumeLogin(browserPlace(browserStorage())).then(this.afterLogin);
    this.clock = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    clearInterval(this.clock);
    clearInterval(this.captionTimer);
    this.captionTimer = undefined;
    super.disconnectedCallback();
  }

  protected override updated(): void {
    // While speech plays, the highlighted sentence moves on its own: re-render a few times a second.
    const speaking = this.voice.phase === 'speaking';
    if (speaking && this.captionTimer === undefined) {
      this.captionTimer = setInterval(() => this.requestUpdate(), 150);
    } else if (!speaking && this.captionTimer !== undefined) {
      clearInterval(this.captionTimer);
      this.captionTimer = undefined;
    }
    this.wakeLock.set(this.voice.handsFree && this.voice.audio === 'running');
    // A background browser tab shows how many sessions want the person.
    const asking = new Set([...this.permissions.pending.values()].map((r) => r.sessionId));
    const wanting = this.data.ordered.filter(
      (s) => s.pendingConverse !== null || s.dialog !== null || asking.has(s.id),
    ).length;
    document.title = wanting > 0 ? `(${wanting}) Switchboard` : 'Switchboard';
    const turn = this.voice.turn;
    this.mediaSession.update({
      speaking,
      title: turn === null ? 'Switchboard' : `${turn.sessionName} is speaking`,
      artist: 'Switchboard',
    });
  }

  get modalOpen(): boolean {
    const dialog = this.renderRoot.querySelector<SbNewSessionDialog>('sb-new-session-dialog');
    const confirm = this.renderRoot.querySelector<SbConfirmDialog>('sb-confirm-dialog');
    return (dialog?.open ?? false) || (confirm?.open ?? false);
  }

  override render() {
    if (this.needToken) {
      return html`<sb-header .actions=${false}></sb-header>
        <sb-token-form .problem=${this.loginProblem} @sb-token=${this._onToken}></sb-token-form>`;
    }
    const view = voiceView(this);
    const conversation = this.view === 'conversation' && this.data.selected !== null;
    return html`
      <sb-header
        .view=${this.view}
        .status=${this.connection.status}
        .pendingPermissions=${this.permissions.pending.size}
        @sb-new-session=${this._onNewSession}
        @sb-inbox=${this._onInbox}
        @sb-view=${(e: CustomEvent<{ view: AppViewName }>) => (this.view = e.detail.view)}
        @sb-retry=${() => this.connection.retryNow()}
      ></sb-header>
      ${
        view.tabs.length === 0
          ? nothing
          : html`<nav class="tabs" aria-label="Sessions">
              <sb-tabs
                .tabs=${view.tabs}
                .selectedId=${this.data.selectedId}
                @sb-select=${this._onSelect}
                @sb-close=${this._onClose}
              ></sb-tabs>
            </nav>`
      }
      <sb-banners
        .audio=${this.voice.audio}
        .announcement=${this.announcer.announcement}
        .notices=${this.announcer.notices}
        @sb-enable-audio=${() => void this.voice.enableAudio()}
        @sb-select=${this._onSelect}
        @sb-dismiss=${(e: CustomEvent<{ id: number }>) => this.announcer.dismiss(e.detail.id)}
      ></sb-banners>
      <main
        @sb-select=${this._onSelect}
        @sb-close=${this._onClose}
        @sb-session-tasks=${(e: CustomEvent<{ id: string; accept: boolean }>) =>
          void this.actions.setSessionTasks(e.detail.id, e.detail.accept)}
        @sb-new-session=${this._onNewSession}
        @sb-inbox=${this._onInbox}
      >
        <div
          class="panel"
          id="session-panel"
          ?data-terminal=${conversation && this.terminals.isOpen(this.data.selected?.id ?? '')}
          role=${conversation ? 'tabpanel' : nothing}
          aria-label=${conversation ? `Conversation with ${this.data.selected?.name ?? ''}` : nothing}
        >
          ${renderMain(this, view)}
        </div>
      </main>
      ${
        this.dictation.pending === null
          ? nothing
          : html`<sb-dictation
              .pending=${this.dictation.pending}
              @sb-dictation-send=${() => void this.dictation.sendNow()}
              @sb-dictation-cancel=${() => this.dictation.cancel()}
            ></sb-dictation>`
      }
      ${renderVoiceBar(this, view)}
      <sb-new-session-dialog
        .folders=${this.data.folders}
        .voices=${this.data.voices}
        .create=${this.actions.create}
      ></sb-new-session-dialog>
      <sb-confirm-dialog></sb-confirm-dialog>
      <div class="visually-hidden" aria-live="polite" data-testid="live-region">${this.announcer.live}</div>
    `;
  }

  /** Written lines reach screen readers too (spoken ones are heard; the person's own are known). */
  private sayEntry(entry: TranscriptEntry): void {
    if (entry.channel !== 'text' || entry.role === 'user') return;
    const who =
      entry.role === 'assistant'
        ? `${this.data.nameOf(entry.sessionId)} wrote`
        : this.data.nameOf(entry.sessionId);
    this.announcer.say(`${who}: ${entry.text.length > 200 ? `${entry.text.slice(0, 199)}…` : entry.text}`);
  }

  select(id: string): void {
    this.data.select(id);
    this.view = 'conversation';
    this.announcer.viewing(id);
  }

  /** Opens the permissions inbox (on one session's requests, or all) and puts focus on the first. */
  async openInbox(sessionId: string | null): Promise<void> {
    this.inboxFilter = sessionId;
    this.view = 'inbox';
    await this.updateComplete;
    const inbox = this.renderRoot.querySelector<SbPermissionInbox>('sb-permission-inbox');
    await inbox?.updateComplete;
    inbox?.focusFirst();
  }

  setRosterSort(sort: RosterSort): void {
    this.rosterSort = sort;
    prefs.setRosterSort(sort);
    this.requestUpdate();
  }

  private readonly afterLogin = (outcome: LoginOutcome): void => {
    if ('credential' in outcome) return this.start(outcome.credential);
    this.loginProblem = outcome.problem;
    this.needToken = true;
  };

  private start(credential: string): void {
    this.api = new HubApi(credential);
    this.data.setApi(this.api);
    this.needToken = false;
    this.loginProblem = null;
    this.connection.start(credential);
  }

  setHandsFree(handsFree: boolean): void {
    this.voice.setHandsFree(handsFree);
    this.announcer.say(
      handsFree
        ? 'Hands-free on: waiting sessions speak one after another.'
        : 'Push-to-talk: waiting sessions wait for your tap.',
    );
  }

  afterTap(action: TapAction): void {
    if (action !== 'explain_idle') return;
    this.announcer.notify(
      'Open a session to talk to it. When one asks you something, it speaks here.',
      'info',
    );
  }

  private onCommand(command: KeyCommand): void {
    switch (command.kind) {
      case 'talk_press':
        return this.afterTap(this.voice.pressTalk(this.data.queue.length));
      case 'talk_hold':
        return;
      case 'talk_release':
        return this.voice.releaseTalk();
      case 'interrupt':
        // Esc takes back what was just said before it goes; otherwise it silences or stops listening.
        if (this.dictation.pending !== null) return this.dictation.cancel();
        return this.voice.interrupt();
      case 'select_tab': {
        const session = this.data.ordered[command.index];
        if (session === undefined) return;
        this.select(session.id);
        void this.updateComplete.then(() =>
          this.renderRoot.querySelector<SbTabs>('sb-tabs')?.focusSelected(),
        );
        return;
      }
    }
  }

  /** Speech began: show the speaker (unless the person is busy here), and say who it is. */
  private onSpeaking(turn: SpokenTurn): void {
    const conversation = this.renderRoot.querySelector<SbConversation>('sb-conversation');
    const follow = shouldFollowSpeaker({
      speakingId: turn.sessionId,
      selectedId: this.data.selectedId,
      personBusy: this.modalOpen || (conversation?.hasDraft ?? false),
    });
    if (follow) this.data.select(turn.sessionId);
    const onScreen = this.view === 'conversation' ? this.data.selectedId : null;
    const said = announcementFor(turn, onScreen);
    this.announcer.announce(
      said.banner === null
        ? null
        : {
            turnId: turn.turnId,
            text: said.banner,
            sessionId: turn.sessionId,
            sessionName: turn.sessionName,
            offerSwitch: said.otherSession,
          },
    );
    this.announcer.say(said.live);
  }

  private readonly _onInbox = (event: CustomEvent<{ sessionId: string | null }>) =>
    void this.openInbox(event.detail.sessionId);

  private readonly _onSelect = (event: CustomEvent<{ id: string }>) => this.select(event.detail.id);

  /** A yes/no question in the page's one confirmation dialog. */
  readonly confirm = async (options: ConfirmOptions): Promise<boolean> =>
    (await this.renderRoot.querySelector<SbConfirmDialog>('sb-confirm-dialog')?.ask(options)) ?? false;

  private readonly _onClose = async (event: CustomEvent<{ id: string }>) => {
    const { id } = event.detail;
    const name = this.data.nameOf(id);
    const ok = await this.confirm({
      title: `Stop ${name}?`,
      body: 'Its Claude Code ends and its tab closes; it is kept in Past sessions with its conversation, to resume later. The folder and everything in it stay where they are.',
      confirm: 'Stop session',
      danger: true,
    });
    if (ok) await this.actions.stop(id);
  };

  private readonly _onNewSession = () => {
    void this.data.loadFolders();
    void this.renderRoot.querySelector<SbNewSessionDialog>('sb-new-session-dialog')?.show();
  };

  private readonly _onToken = (event: CustomEvent<{ token: string }>) => {
    void logInWithToken(event.detail.token, { storage: browserStorage() }).then(this.afterLogin);
  };
}

customElements.define('sb-app', SbApp);

declare global {
  interface HTMLElementTagNameMap {
    'sb-app': SbApp;
  }
}
