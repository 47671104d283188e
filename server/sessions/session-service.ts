import { rm } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { CLAUDE_SESSION_ID_PATTERN, type HookPayload } from '../../protocol/hooks.js';
import type { CreateSessionRequest, Session, SessionDialog, SessionState } from '../../protocol/session.js';
import type { ConverseBroker } from '../converse/converse-broker.js';
import { AppError } from '../errors.js';
import { sessionFilesDir, spawnSession, type SpawnerDeps } from './session-spawner.js';
import type { SessionRecord, SessionStore } from './session-store.js';
import { findSession } from './session-ref.js';
import { nextState, type SessionEvent } from './state.js';

export type SessionChange = { type: 'updated'; session: Session } | { type: 'removed'; id: string };

export type SessionServiceDeps = SpawnerDeps & {
  store: SessionStore;
  converse: ConverseBroker;
  log: FastifyBaseLogger;
};

/** Marker returned to a waiting `converse` when its session goes away. */
export const SESSION_STOPPED_TEXT = '(session stopped: nobody will answer this message)';

/**
 * The registry of sessions: spawning, state from hooks, replies, removal. Every change is
 * persisted first and then announced to listeners (the browser roster).
 */
export class SessionService {
  private readonly connectedProxies = new Set<string>();
  /** Session id -> when its proxy went away (ISO); sessions not in it have been away since start. */
  private readonly proxyLostAt = new Map<string, string>();
  /** Since when this hub watches proxies: a re-adopted session's proxy reconnects after it. */
  private readonly watchingSince: string;
  private readonly stateBeforeDialog = new Map<string, SessionState>();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  /** Set when the hub shuts down: late socket events must not touch the closed database. */
  private closed = false;

  constructor(private readonly deps: SessionServiceDeps) {
    this.watchingSince = deps.now().toISOString();
  }

  list(): Session[] {
    return this.deps.store.all().map((record) => this.toPublic(record));
  }

  get(id: string): Session {
    return this.toPublic(this.record(id));
  }

  /** The record behind an id, a name or a folder name (see session-ref.ts); an id is one lookup. */
  resolve(target: string): SessionRecord {
    return this.deps.store.get(target) ?? findSession(this.deps.store.all(), target);
  }

  has(id: string): boolean {
    return this.deps.store.get(id) !== undefined;
  }

  record(id: string): SessionRecord {
    const record = this.deps.store.get(id);
    if (record === undefined) throw new AppError('not_found', `No session with id "${id}".`);
    return record;
  }

  async create(request: CreateSessionRequest): Promise<Session> {
    const records = this.deps.store.all();
    const liveNames = new Set(records.filter((r) => r.state !== 'exited').map((r) => r.name));
    const record = await spawnSession(this.deps, request, liveNames);
    // An exited session with the same name is replaced: names stay unambiguous.
    for (const old of records.filter((r) => r.name === record.name && r.state === 'exited')) {
      await this.remove(old.id);
    }
    this.deps.store.insert(record);
    this.deps.log.info({ sessionId: record.id, name: record.name, cwd: record.cwd }, 'session spawned');
    this.announce(record.id);
    return this.toPublic(record);
  }

  /** Kills the session's tmux session and forgets it; its folder (and the work in it) stays. */
  async remove(id: string): Promise<void> {
    const record = this.record(id);
    await this.deps.tmux.killSession(record.tmuxSession);
    this.deps.converse.cancelAll(id, SESSION_STOPPED_TEXT);
    this.deps.store.remove(id);
    this.connectedProxies.delete(id);
    this.proxyLostAt.delete(id);
    this.stateBeforeDialog.delete(id);
    await rm(sessionFilesDir(this.deps.dataDir, id), { recursive: true, force: true });
    this.deps.log.info({ sessionId: id }, 'session removed');
    for (const listener of this.listeners) listener({ type: 'removed', id });
  }

  setVoice(id: string, settings: { voice?: string | undefined; speed?: number | undefined }): Session {
    const patch: Partial<SessionRecord> = {};
    if (settings.voice !== undefined) patch.voice = settings.voice;
    if (settings.speed !== undefined) patch.speed = settings.speed;
    return this.toPublic(this.patch(id, patch));
  }

  setMuted(id: string, muted: boolean): Session {
    return this.toPublic(this.patch(id, { muted }));
  }

  /**
   * Whether other sessions may type tasks into this one (the person's call). Never a shell-only
   * session: whatever is typed into its terminal runs as a command.
   */
  setAcceptsSessionTasks(id: string, accept: boolean): Session {
    const record = this.record(id);
    if (accept && record.command !== null) {
      throw new AppError(
        'validation_failed',
        `Session "${record.name}" is shell-only: tasks from other sessions would run as shell commands, so it never takes them.`,
        { issues: [{ path: 'accept', message: 'a shell-only session never takes tasks from sessions' }] },
      );
    }
    return this.toPublic(this.patch(id, { acceptsSessionTasks: accept }));
  }

  /** From the status line, which Claude Code runs often: a change under one point is not news. */
  setContextPercent(id: string, percent: number | null): void {
    const rounded = percent === null ? null : Math.round(percent);
    if (this.record(id).contextPercent !== rounded) this.patch(id, { contextPercent: rounded });
  }

  setStatusText(id: string, text: string): void {
    this.patch(id, { statusText: text.trim() === '' ? null : text.trim() });
  }

  applyHook(id: string, payload: HookPayload): void {
    const patch: Partial<SessionRecord> = {};
    if (payload.hook_event_name === 'SessionEnd' && payload.reason !== 'clear') {
      patch.exitReason = `Claude Code ended the session${payload.reason ? ` (${payload.reason})` : ''}`;
    }
    // /clear (and /resume inside Claude Code) starts another conversation: a resume must find it.
    const claudeId = payload.session_id;
    if (
      payload.hook_event_name === 'SessionStart' &&
      claudeId !== undefined &&
      CLAUDE_SESSION_ID_PATTERN.test(claudeId)
    ) {
      if (claudeId !== this.record(id).claudeSessionId) patch.claudeSessionId = claudeId;
    }
    this.apply(
      id,
      {
        type: 'hook',
        event: payload.hook_event_name,
        notificationType: payload.notification_type ?? guessNotificationType(payload.message),
        reason: payload.reason,
      },
      patch,
    );
  }

  /** Moves a session through the state machine (state.ts) and records what came with the event. */
  apply(id: string, event: SessionEvent, extra: Partial<SessionRecord> = {}): SessionRecord {
    const record = this.record(id);
    let state = nextState(record.state, event);
    if (event.type === 'dialog_shown' && record.state !== 'dialog') {
      this.stateBeforeDialog.set(id, record.state);
    }
    if (event.type === 'dialog_gone' && record.state === 'dialog') {
      state = this.stateBeforeDialog.get(id) ?? 'starting';
      this.stateBeforeDialog.delete(id);
    }
    const patch: Partial<SessionRecord> = { ...extra, state };
    if (state !== 'dialog') patch.dialog = null;
    if (state === 'exited' && record.exitedAt === null) {
      patch.exitedAt = this.deps.now().toISOString();
      this.deps.converse.cancelAll(id, SESSION_STOPPED_TEXT);
    }
    if (state !== record.state) this.deps.log.info({ sessionId: id, from: record.state, to: state }, 'state');
    return this.patch(id, patch);
  }

  /**
   * Undoes a wrong `exited` (see readoptSessions: its tmux session still runs). Not a state-machine
   * event: for everything else, exited is final.
   */
  bringBack(id: string): Session {
    return this.toPublic(this.patch(id, { state: 'ready', exitedAt: null, exitReason: null, dialog: null }));
  }

  showDialog(id: string, dialog: SessionDialog): void {
    this.apply(id, { type: 'dialog_shown' }, { dialog });
  }

  setProxyConnected(id: string, connected: boolean): void {
    if (this.closed) return;
    if (connected) {
      this.connectedProxies.add(id);
      this.proxyLostAt.delete(id);
    } else {
      this.connectedProxies.delete(id);
      this.proxyLostAt.set(id, this.deps.now().toISOString());
    }
    if (this.deps.store.get(id) !== undefined) this.announce(id);
  }

  /** Stops reacting to events; the hub calls this before it closes the database. */
  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  toPublic(record: SessionRecord): Session {
    const proxyDisconnectedAt = this.proxyAwaySince(record);
    return {
      id: record.id,
      name: record.name,
      cwd: record.cwd,
      ownsFolder: record.ownsFolder,
      claudeSessionId: record.claudeSessionId,
      tmuxSession: record.tmuxSession,
      voice: record.voice,
      speed: record.speed,
      muted: record.muted,
      model: record.model,
      state: record.state,
      statusText: record.statusText,
      dialog: record.dialog,
      proxyConnected: this.connectedProxies.has(record.id),
      pendingConverse: this.deps.converse.oldest(record.id)?.message ?? null,
      contextPercent: record.contextPercent,
      inboxWaiting: this.inboxWaiting(record.id),
      shellOnly: record.command !== null,
      acceptsSessionTasks: record.acceptsSessionTasks,
      problem: proxyDisconnectedAt === null ? null : `proxy: disconnected since ${proxyDisconnectedAt}`,
      proxyDisconnectedAt,
      createdAt: record.createdAt,
      lastActivityAt: record.lastActivityAt,
      exitedAt: record.exitedAt,
      exitReason: record.exitReason,
    };
  }

  /**
   * A Claude Code session that runs (past its start, no dialog) without its MCP proxy has lost
   * every Switchboard tool (converse, messages): Claude Code does not restart a dead MCP server by
   * itself. Since when, or null when all is well. A fresh session's proxy is not expected before
   * SessionStart; one re-adopted after a hub restart reconnects within seconds of the hub start.
   */
  private proxyAwaySince(record: SessionRecord): string | null {
    if (record.command !== null || this.connectedProxies.has(record.id)) return null;
    if (record.state === 'starting' || record.state === 'dialog' || record.state === 'exited') return null;
    const lost = this.proxyLostAt.get(record.id);
    if (lost !== undefined) return lost;
    return record.createdAt > this.watchingSince ? record.createdAt : this.watchingSince;
  }

  private patch(id: string, patch: Partial<SessionRecord>): SessionRecord {
    const updated: SessionRecord = {
      ...this.record(id),
      ...patch,
      lastActivityAt: this.deps.now().toISOString(),
    };
    this.deps.store.update(updated);
    this.announce(id);
    return updated;
  }

  /** Where the roster's inbox counts come from (the messaging service, wired after both exist). */
  countInboxWith(count: (sessionId: string) => number): void {
    this.inboxWaiting = count;
  }

  /** Tells listeners that something shown in the session changed outside its record (its inbox). */
  announceChange(id: string): void {
    this.announce(id);
  }

  private inboxWaiting: (sessionId: string) => number = () => 0;

  private announce(id: string): void {
    const record = this.deps.store.get(id);
    if (record === undefined) return;
    const session = this.toPublic(record);
    for (const listener of this.listeners) listener({ type: 'updated', session });
  }
}

/** Claude Code before `notification_type` (2.0) said it in words only. */
function guessNotificationType(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  if (/waiting for your input/i.test(message)) return 'idle_prompt';
  if (/permission/i.test(message)) return 'permission_prompt';
  return undefined;
}
