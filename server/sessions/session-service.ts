import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { CLAUDE_SESSION_ID_PATTERN, type HookPayload } from '../../protocol/hooks.js';
import type { CreateSessionRequest, Session, SessionDialog, SessionState } from '../../protocol/session.js';
import type { ConverseBroker } from '../converse/converse-broker.js';
import { generateToken } from '../auth/token.js';
import { AppError } from '../errors.js';
import { claudeTranscriptPath } from './claude-transcript-path.js';
import {
  requireClaude,
  sessionFilesDir,
  spawnSession,
  startClaude,
  type SpawnerDeps,
} from './session-spawner.js';
import type { SessionRecord, SessionStore } from './session-store.js';
import { findSession } from './session-ref.js';
import { nextState, type SessionEvent } from './state.js';

export type SessionChange = { type: 'updated'; session: Session } | { type: 'removed'; id: string };

export type SessionServiceDeps = SpawnerDeps & {
  store: SessionStore;
  converse: ConverseBroker;
  log: FastifyBaseLogger;
  /** The rest of a session's history (timeline, inbox, permissions): forgotten with it. */
  history: { forget(sessionId: string): void };
  /** The Claude Code transcript file a hook reported for the session, if one did. */
  knownTranscriptPath: (sessionId: string) => string | undefined;
};

/** Who stopped a session, as its exit reason says it. */
export type StoppedBy = 'page' | 'api' | 'mcp';
const STOPPED_BY: Record<StoppedBy, string> = {
  page: 'stopped from the page',
  api: 'stopped over the API',
  mcp: 'stopped by an orchestrator (MCP)',
};

export type SessionFilter = { state?: 'live' | 'exited' | undefined; limit?: number | undefined };

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
  /** Sessions between a resume's checks and its tmux start: a second resume is a 409. */
  private readonly resuming = new Set<string>();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  /** Set when the hub shuts down: late socket events must not touch the closed database. */
  private closed = false;

  constructor(private readonly deps: SessionServiceDeps) {
    this.watchingSince = deps.now().toISOString();
  }

  /**
   * Every session in the order they were made; `live` ones only, or `exited` ones only (the one
   * that ended last first). A session is kept until it is forgotten, so history grows: `limit`.
   */
  list(filter: SessionFilter = {}): Session[] {
    let records = this.deps.store.all();
    if (filter.state === 'live') records = records.filter((r) => r.state !== 'exited');
    if (filter.state === 'exited') {
      records = records
        .filter((r) => r.state === 'exited')
        .sort(
          (a, b) =>
            (b.exitedAt ?? '').localeCompare(a.exitedAt ?? '') || b.createdAt.localeCompare(a.createdAt),
        );
    }
    if (filter.limit !== undefined) records = records.slice(0, filter.limit);
    return records.map((record) => this.toPublic(record));
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
    // Names are unique among live sessions only: exited ones keep theirs (their history), and a
    // name resolves to the live session first (session-ref.ts).
    const record = await spawnSession(this.deps, request, liveNames);
    this.deps.store.insert(record);
    this.deps.log.info({ sessionId: record.id, name: record.name, cwd: record.cwd }, 'session spawned');
    this.announce(record.id);
    return this.toPublic(record);
  }

  /**
   * Stops a session: kills its tmux session; the record stays, exited and archived (it moves to
   * Past sessions), with its transcript, timeline and permission audit, ready to be resumed.
   * Stopping an exited session only archives it (the person closed its tab).
   */
  async stop(id: string, by: StoppedBy): Promise<Session> {
    const record = this.record(id);
    if (record.state === 'exited') {
      return this.toPublic(record.archived ? record : this.patch(id, { archived: true }));
    }
    // Recorded before the kill: the SessionEnd hook and the monitor that see Claude go find it
    // exited already, and the first reason a session ended for is the one kept (see apply).
    this.apply(id, { type: 'pane_gone' }, { exitReason: STOPPED_BY[by], archived: true });
    this.connectedProxies.delete(id);
    this.stateBeforeDialog.delete(id);
    await this.deps.tmux.killSession(record.tmuxSession);
    this.deps.log.info({ sessionId: id, by }, 'session stopped');
    return this.get(id);
  }

  /**
   * Forgets a session: stops it if it runs, then deletes its record, its history (timeline with
   * the transcript, inbox, permission requests), its per-session files and its terminal
   * recordings. Never its folder, nor Claude Code's own transcript file: the work and Claude's
   * copy stay the person's.
   */
  async forget(id: string, by: StoppedBy): Promise<void> {
    if (this.record(id).state !== 'exited') await this.stop(id, by);
    this.deps.converse.cancelAll(id, SESSION_STOPPED_TEXT);
    this.deps.store.remove(id);
    this.connectedProxies.delete(id);
    this.proxyLostAt.delete(id);
    this.stateBeforeDialog.delete(id);
    for (const listener of this.listeners) listener({ type: 'removed', id });
    // After the listeners: what they record as the session goes (a cancelled prompt) goes too.
    this.deps.history.forget(id);
    await rm(sessionFilesDir(this.deps.dataDir, id), { recursive: true, force: true });
    // Its terminal recordings (server/terminal/recordings.ts keeps them there; its listener
    // stopped the recorder above, and a late write goes to an unlinked file).
    await rm(join(this.deps.dataDir, 'recordings', id), { recursive: true, force: true });
    this.deps.log.info({ sessionId: id }, 'session forgotten');
  }

  /**
   * Why an exited session cannot be resumed, or null when it can: it must have run Claude Code,
   * Claude Code must have saved its conversation, and its folder must still be there.
   */
  whyNotResumable(record: SessionRecord): string | null {
    if (record.state !== 'exited')
      return `Session "${record.name}" is running (${record.state}): there is nothing to resume.`;
    if (record.command !== null) {
      return `Session "${record.name}" was shell-only: there is no Claude Code conversation to resume. Start a new session.`;
    }
    if (this.transcriptFile(record) === null) {
      return `Claude Code saved no conversation for session "${record.name}" (nothing was said in it), so there is nothing to resume. Start a new session.`;
    }
    if (!existsSync(record.cwd)) return `The folder of session "${record.name}" is gone: ${record.cwd}.`;
    return null;
  }

  /**
   * Restarts an exited session in its folder with `claude --resume <its Claude session id>`
   * under the same id (and name), so Claude has the earlier conversation. It gets a new token.
   * A name that a live session took meanwhile is a 409: names of live sessions stay unique.
   */
  async resume(id: string, options: { prompt?: string | undefined } = {}): Promise<Session> {
    const record = this.record(id);
    if (this.resuming.has(id))
      throw new AppError('conflict', `Session "${record.name}" is being resumed already.`);
    const why = this.whyNotResumable(record);
    if (why !== null) throw new AppError('conflict', why);
    const clash = this.deps.store.all().find((r) => r.state !== 'exited' && r.name === record.name);
    if (clash !== undefined) {
      throw new AppError(
        'conflict',
        `A running session is named "${record.name}" now (id ${clash.id}): stop it to resume this one.`,
      );
    }
    this.resuming.add(id);
    try {
      const claudePath = await requireClaude(this.deps);
      const now = this.deps.now().toISOString();
      const resumed: SessionRecord = {
        ...record,
        // The old token ends with the old process: a late hook of it is not this session's.
        proxyToken: generateToken(),
        state: 'starting',
        statusText: null,
        dialog: null,
        exitedAt: null,
        exitReason: null,
        archived: false,
        lastActivityAt: now,
      };
      // Stored before Claude starts: its proxy and hooks authenticate with the new token.
      this.deps.store.update(resumed);
      try {
        await startClaude(this.deps, resumed, claudePath, { prompt: options.prompt ?? null, resume: true });
      } catch (error) {
        this.deps.store.update(record);
        throw error;
      }
      this.proxyLostAt.set(id, now);
      this.deps.log.info({ sessionId: id, claudeSessionId: record.claudeSessionId }, 'session resumed');
      this.announce(id);
      return this.get(id);
    } finally {
      this.resuming.delete(id);
    }
  }

  /** The session's Claude Code transcript file when it exists: reported by a hook, else derived. */
  private transcriptFile(record: SessionRecord): string | null {
    const known = this.deps.knownTranscriptPath(record.id);
    if (known !== undefined && existsSync(known)) return known;
    const derived = claudeTranscriptPath(this.deps.sessionEnv, record.cwd, record.claudeSessionId);
    return derived !== null && existsSync(derived) ? derived : null;
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
    // A resume stores the record as starting before its tmux session exists: a monitor pass in
    // between must not mark it exited for good (its next pass sees the new pane).
    if (event.type === 'pane_gone' && this.resuming.has(id)) return record;
    let state = nextState(record.state, event);
    if (event.type === 'dialog_shown' && record.state !== 'dialog') {
      this.stateBeforeDialog.set(id, record.state);
    }
    if (event.type === 'dialog_gone' && record.state === 'dialog') {
      state = this.stateBeforeDialog.get(id) ?? 'starting';
      this.stateBeforeDialog.delete(id);
    }
    const patch: Partial<SessionRecord> = { ...extra, state };
    // The first reason a session ended for stays: Claude's SessionEnd after a stop, say.
    if (record.state === 'exited' && record.exitReason !== null) delete patch.exitReason;
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
    return this.toPublic(
      this.patch(id, { state: 'ready', exitedAt: null, exitReason: null, dialog: null, archived: false }),
    );
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
    const notResumable = record.state === 'exited' ? this.whyNotResumable(record) : null;
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
      resumable: notResumable === null && record.state === 'exited',
      notResumable,
      archived: record.archived,
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
