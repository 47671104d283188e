import { constants, lstat, open, type FileHandle } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { backgroundFailed } from '../db/busy.js';
import { ClaudeTranscriptReader } from './claude-transcript-reader.js';
import type { FollowStore } from './follow-store.js';
import type { TranscriptLog } from './transcript-log.js';

export type FollowerDeps = {
  store: FollowStore;
  transcript: TranscriptLog;
  /** Where context usage goes (the roster shows it). */
  setContextPercent: (sessionId: string, percent: number) => void;
  log: FastifyBaseLogger;
  /** How often a followed file is checked for growth between hooks (ms). */
  pollMs?: number;
};

/** One read takes at most this much; a bigger backlog is read in several. */
const MAX_READ_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Follows each live session's Claude Code transcript file (the `transcript_path` its hooks report)
 * and records what it finds as transcript entries (claude-transcript-reader.ts). Reads go from the
 * stored offset to the last complete line, so a partial last line waits for its end, and a
 * restart of the hub neither loses nor repeats entries. A file that shrank was replaced: it is
 * read again from its start. Checked on every hook and, between hooks, by a cheap stat poll
 * (Claude Code writes tool calls while no hook runs).
 */
export class ClaudeTranscriptFollower {
  private readonly readers = new Map<string, ClaudeTranscriptReader>();
  private readonly watched = new Map<string, string>();
  private readonly reading = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly deps: FollowerDeps) {}

  /** A hook said where the session's transcript is: follow it (a new path is a new file, from 0). */
  follow(sessionId: string, path: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const known = this.deps.store.get(sessionId);
    if (known?.path !== path) {
      this.deps.store.set(sessionId, { path, offset: 0 });
      this.readers.set(sessionId, new ClaudeTranscriptReader());
    }
    this.watch(sessionId, path);
    return this.poke(sessionId);
  }

  /** Resumes following after a hub restart, for a session that still runs. */
  resume(sessionId: string): void {
    const known = this.deps.store.get(sessionId);
    if (known === undefined || this.closed) return;
    this.watch(sessionId, known.path);
    void this.poke(sessionId);
  }

  /** Reads what was added since the last read (serially per session); never rejects. */
  poke(sessionId: string): Promise<void> {
    const previous = this.reading.get(sessionId) ?? Promise.resolve();
    const next = previous
      .then(() => this.readNew(sessionId))
      .catch((error: unknown) =>
        backgroundFailed(`reading the transcript of ${sessionId}`, this.deps.log, error, (ms) => {
          setTimeout(() => void this.poke(sessionId), ms).unref();
        }),
      );
    this.reading.set(sessionId, next);
    void next.finally(() => {
      if (this.reading.get(sessionId) === next) this.reading.delete(sessionId);
    });
    return next;
  }

  /** The session ended: a last read, then no more polling. Its position stays (for a resume). */
  async stop(sessionId: string): Promise<void> {
    await this.poke(sessionId);
    this.unwatch(sessionId);
    this.readers.delete(sessionId);
  }

  /** The session is forgotten: nothing of it is kept. */
  forget(sessionId: string): void {
    this.unwatch(sessionId);
    this.readers.delete(sessionId);
    this.deps.store.forget(sessionId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.watched.keys()]) this.unwatch(id);
    await Promise.all([...this.reading.values()]);
  }

  private watch(sessionId: string, path: string): void {
    if (this.watched.get(sessionId) === path) return;
    this.unwatch(sessionId);
    this.watched.set(sessionId, path);
    // A stat a second, not inotify: it also sees a file that does not exist yet or was replaced.
    watchFile(path, { interval: this.deps.pollMs ?? 1_000, persistent: false }, (now, before) => {
      if (now.size !== before.size || now.ino !== before.ino) void this.poke(sessionId);
    });
  }

  private unwatch(sessionId: string): void {
    const path = this.watched.get(sessionId);
    if (path === undefined) return;
    unwatchFile(path);
    this.watched.delete(sessionId);
  }

  private async readNew(sessionId: string): Promise<void> {
    if (this.closed) return;
    const position = this.deps.store.get(sessionId);
    if (position === undefined) return;
    // Not written yet (Claude Code creates it with the first message), or not a plain file: the
    // session owns the folder and could put a link there to a file that is not its conversation.
    const size = await lstat(position.path).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    if (size === null) return;
    let offset = position.offset;
    if (size < offset) {
      this.deps.log.warn({ sessionId, path: position.path }, 'transcript file shrank: reading it again');
      offset = 0;
      this.readers.set(sessionId, new ClaudeTranscriptReader());
    }
    const file = await open(position.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      let reader = this.readers.get(sessionId);
      if (reader === undefined) {
        // After a hub restart: what was read before is read again, unrecorded, so the reader knows
        // the tool calls whose results come now (their names; converse's, to leave out).
        reader = new ClaudeTranscriptReader();
        await this.replay(file, offset, reader);
        this.readers.set(sessionId, reader);
      }
      while (offset < size && !this.closed) {
        const length = Math.min(size - offset, MAX_READ_BYTES);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await file.read(buffer, 0, length, offset);
        const end = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE);
        if (end < 0) {
          // One line longer than a read: skip to its end rather than stall on it for ever.
          if (bytesRead === MAX_READ_BYTES) offset += bytesRead;
          break;
        }
        this.record(sessionId, reader, buffer.subarray(0, end).toString('utf8'));
        offset += end + 1;
        this.deps.store.set(sessionId, { path: position.path, offset });
      }
    } finally {
      await file.close();
    }
  }

  private async replay(file: FileHandle, upTo: number, reader: ClaudeTranscriptReader): Promise<void> {
    let offset = 0;
    let rest = '';
    while (offset < upTo) {
      const buffer = Buffer.alloc(Math.min(upTo - offset, MAX_READ_BYTES));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      const lines = (rest + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const parsed = parseLine(line);
        if (parsed !== undefined) reader.read(parsed);
      }
    }
  }

  private record(sessionId: string, reader: ClaudeTranscriptReader, text: string): void {
    let usage = null;
    for (const line of text.split('\n')) {
      const parsed = parseLine(line);
      if (parsed === undefined) {
        if (line.trim() !== '')
          this.deps.log.debug({ sessionId }, 'skipped a transcript line that is not JSON');
        continue;
      }
      const read = reader.read(parsed);
      for (const entry of read.entries) this.deps.transcript.record(sessionId, entry);
      usage = read.usage ?? usage;
    }
    if (usage !== null) {
      this.deps.setContextPercent(sessionId, Math.min(100, (usage.tokens / usage.window) * 100));
    }
  }
}

/** A line's record, or undefined for a blank line or one that is not JSON. */
function parseLine(line: string): unknown {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
