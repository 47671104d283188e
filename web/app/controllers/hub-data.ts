import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HubToBrowser } from '../../../protocol/browser.js';
import type { Session } from '../../../protocol/session.js';
import type { HubApi, VoiceInfo } from '../api/hub-api.js';
import { describeError } from '../api/hub-api.js';
import type { PageLog } from '../log.js';
import { prefs } from '../prefs.js';
import { newlyQueued, type QueuedTurn } from '../state/queue.js';
import { applySessionMessage, keepSelection, orderedSessions } from '../state/sessions.js';
import { TranscriptStore } from '../state/transcripts.js';

export type ModelStatus = Extract<HubToBrowser, { type: 'model_status' }>['models'][number];

export type HubDataHooks = {
  /** Sessions that just joined the floor queue (for an announcement). */
  onQueued: (sessionIds: string[]) => void;
  /** A REST call in the background failed: something to tell the person. */
  onProblem: (message: string) => void;
  /** The hub speaks another protocol version (an old tab after an upgrade). */
  onProtocolMismatch: (hubVersion: number) => void;
  log: PageLog;
};

const PAGE_PROTOCOL_VERSION = 1;

/**
 * What the page knows of the hub: sessions, transcripts, the floor queue, models, voices and
 * recent folders, fed by the socket's messages and REST. Also which session is on screen.
 */
export class HubData implements ReactiveController {
  sessions: ReadonlyMap<string, Session> = new Map();
  ordered: Session[] = [];
  selectedId: string | null = prefs.selected();
  readonly transcripts = new TranscriptStore();
  readonly loadingTranscripts = new Set<string>();
  queue: QueuedTurn[] = [];
  models: ModelStatus[] = [];
  voices: VoiceInfo[] = [];
  folders: string[] = [];
  /** The hub's session_list arrived on this connection (before it, "no sessions" is not known). */
  listed = false;
  private api: HubApi | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: HubDataHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  setApi(api: HubApi | null): void {
    this.api = api;
  }

  get selected(): Session | null {
    return this.selectedId === null ? null : (this.sessions.get(this.selectedId) ?? null);
  }

  nameOf = (sessionId: string): string => this.sessions.get(sessionId)?.name ?? sessionId;

  receive(message: HubToBrowser): void {
    switch (message.type) {
      case 'hello':
        if (message.protocolVersion !== PAGE_PROTOCOL_VERSION)
          this.hooks.onProtocolMismatch(message.protocolVersion);
        return;
      case 'session_list':
      case 'session_status':
      case 'session_removed':
        return this.applySessions(message);
      case 'transcript':
        if (this.transcripts.add([message.entry])) this.host.requestUpdate();
        return;
      case 'floor_queue': {
        const added = newlyQueued(this.queue, message.queued);
        this.queue = message.queued;
        if (added.length > 0) this.hooks.onQueued(added);
        this.host.requestUpdate();
        return;
      }
      case 'model_status':
        this.models = message.models;
        this.host.requestUpdate();
        return;
      default:
        return;
    }
  }

  /** A socket (re)opened: what was missed while away comes back through REST. */
  onConnected(): void {
    this.listed = false;
    if (this.selectedId !== null) void this.loadTranscript(this.selectedId);
    if (this.voices.length === 0) void this.loadVoices();
  }

  select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    if (id !== null) prefs.setSelected(id);
    if (id !== null) void this.loadTranscript(id);
    this.host.requestUpdate();
  }

  /** The newest history on first view; afterwards only what came after the last entry seen. */
  async loadTranscript(sessionId: string): Promise<void> {
    const api = this.api;
    if (api === null || this.loadingTranscripts.has(sessionId)) return;
    this.loadingTranscripts.add(sessionId);
    this.host.requestUpdate();
    try {
      const since = this.transcripts.hasHistory(sessionId) ? this.transcripts.lastId(sessionId) : null;
      const entries = await api.transcript(sessionId, since === null ? {} : { since, limit: 1000 });
      this.transcripts.addHistory(sessionId, entries);
    } catch (error) {
      if (this.sessions.has(sessionId))
        this.hooks.onProblem(`Could not load the conversation: ${describeError(error)}`);
    } finally {
      this.loadingTranscripts.delete(sessionId);
      this.host.requestUpdate();
    }
  }

  async loadFolders(): Promise<void> {
    try {
      this.folders = (await this.api?.recentFolders()) ?? this.folders;
      this.host.requestUpdate();
    } catch (error) {
      this.hooks.log.debug('recent folders unavailable', error);
    }
  }

  private async loadVoices(): Promise<void> {
    try {
      this.voices = (await this.api?.voices()) ?? [];
      this.host.requestUpdate();
    } catch (error) {
      // The speech engine may be missing: the selects then offer the current voice only.
      this.hooks.log.debug('voices unavailable', error);
    }
  }

  /** Adopts a session the page just created or changed over REST (the socket may be later). */
  upsert(session: Session): void {
    this.applySessions({ type: 'session_status', session });
  }

  private applySessions(message: Parameters<typeof applySessionMessage>[1]): void {
    const before = this.ordered.map((s) => s.id);
    this.sessions = applySessionMessage(this.sessions, message);
    this.ordered = orderedSessions(this.sessions);
    if (message.type === 'session_list') this.listed = true;
    if (message.type === 'session_removed') this.transcripts.forget(message.id);
    const after = this.ordered.map((s) => s.id);
    const keep = keepSelection(before, after, this.selectedId);
    // Before the first list a remembered id cannot be judged; after it, fall back to a neighbour.
    if (this.listed && keep !== this.selectedId) this.select(keep);
    this.host.requestUpdate();
  }
}
