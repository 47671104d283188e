import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { RecordingInfo, Recordings } from '../../protocol/terminal.js';
import { AppError } from '../errors.js';
import type { SessionService } from '../sessions/session-service.js';
import { CAST_NAME, CastRecorder, castStartedAt, listCasts } from './cast-recorder.js';
import type { TerminalAttacher } from './tmux-client.js';

export type RecordingLimits = { fileBytes: number; capBytes: number };

export type RecordingServiceDeps = {
  dataDir: string;
  sessions: SessionService;
  attacher: TerminalAttacher;
  limits: RecordingLimits;
  now: () => number;
  log: FastifyBaseLogger;
};

/** Present in a session's recordings folder while recording is on, so the next hub resumes it. */
const MARKER = 'recording-on';

/**
 * Per-session terminal recordings (off by default) in `<dataDir>/recordings/<sessionId>/`.
 * Files outlive the session; only names matching CAST_NAME are ever listed or served.
 */
export class RecordingService {
  private readonly active = new Map<string, CastRecorder>();
  private readonly root: string;

  constructor(private readonly deps: RecordingServiceDeps) {
    this.root = resolve(deps.dataDir, 'recordings');
  }

  isEnabled(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  async setEnabled(sessionId: string, enabled: boolean): Promise<void> {
    const record = this.deps.sessions.record(sessionId);
    if (!enabled) {
      await this.stop(sessionId);
      await rm(join(this.dirOf(sessionId), MARKER), { force: true });
      return;
    }
    if (this.active.has(sessionId)) return;
    if (record.state === 'exited') {
      throw new AppError('conflict', `Session "${record.name}" has exited: there is nothing to record.`);
    }
    await this.start(sessionId);
    await writeFile(join(this.dirOf(sessionId), MARKER), '', { mode: 0o600 });
  }

  async describe(sessionId: string): Promise<Recordings> {
    this.deps.sessions.record(sessionId);
    const files = await listCasts(this.dirOf(sessionId));
    const recordings: RecordingInfo[] = files.map((f) => ({
      name: f.name,
      size: f.size,
      startedAt: castStartedAt(f.name) ?? '',
    }));
    return { enabled: this.isEnabled(sessionId), recordings };
  }

  /** The file behind a recording's name, checked: a strict name, inside this session's folder. */
  filePath(sessionId: string, name: string): string {
    this.deps.sessions.record(sessionId);
    const dir = this.dirOf(sessionId);
    const path = resolve(dir, name);
    if (!CAST_NAME.test(name) || !path.startsWith(dir + sep) || !existsSync(path)) {
      throw new AppError('not_found', `No recording "${name}" for session ${sessionId}.`);
    }
    return path;
  }

  /** After a hub restart: recording goes on for live sessions that had it on. */
  async resume(): Promise<void> {
    let ids: string[];
    try {
      ids = await readdir(this.root);
    } catch {
      return;
    }
    for (const id of ids) {
      if (!this.deps.sessions.has(id) || !existsSync(join(this.dirOf(id), MARKER))) continue;
      if (this.deps.sessions.record(id).state === 'exited') continue;
      await this.start(id).catch((error: unknown) =>
        this.deps.log.warn({ err: error, sessionId: id }, 'could not resume recording'),
      );
    }
  }

  /** The session was removed: stop recording; its files stay. */
  async forget(sessionId: string): Promise<void> {
    await this.stop(sessionId);
    await rm(join(this.dirOf(sessionId), MARKER), { force: true });
  }

  /** The hub is closing: stop every recorder but keep the markers, so the next hub resumes. */
  async close(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }

  private async start(sessionId: string): Promise<void> {
    const record = this.deps.sessions.record(sessionId);
    const dir = this.dirOf(sessionId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const recorder = new CastRecorder({
      dir,
      tmuxSession: record.tmuxSession,
      title: record.name,
      attacher: this.deps.attacher,
      ...this.deps.limits,
      now: this.deps.now,
      log: this.deps.log.child({ sessionId }),
    });
    recorder.onEnd(() => {
      if (this.active.get(sessionId) !== recorder) return;
      this.active.delete(sessionId);
      void rm(join(dir, MARKER), { force: true });
      this.deps.log.info({ sessionId }, 'recording ended with the session');
    });
    // Registered before it starts, so a second request at the same moment does not start another.
    this.active.set(sessionId, recorder);
    try {
      await recorder.start();
    } catch (error) {
      if (this.active.get(sessionId) === recorder) this.active.delete(sessionId);
      await recorder.stop();
      throw error;
    }
    this.deps.log.info({ sessionId }, 'recording the terminal');
  }

  private async stop(sessionId: string): Promise<void> {
    const recorder = this.active.get(sessionId);
    if (recorder === undefined) return;
    this.active.delete(sessionId);
    await recorder.stop();
  }

  private dirOf(sessionId: string): string {
    // Ids come from the session registry (hex), never straight from a request.
    return join(this.root, sessionId);
  }
}
