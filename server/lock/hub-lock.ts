import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDatabaseBusy } from '../db/busy.js';

export const LOCK_FILE_NAME = 'hub.lock';
export const OWNER_FILE_NAME = 'hub.json';

/** What the holder says about itself in OWNER_FILE_NAME; port and url once it listens. */
export type LockOwner = { pid: number; port: number | null; url: string | null; startedAt: string };

/** Another hub holds the data dir; the message names it (pid and port) for the person. */
export class HubLockedError extends Error {
  override name = 'HubLockedError';

  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
  ) {
    super(describeHolder(dataDir, owner));
  }
}

export type HubLock = {
  /** Says where this hub listens, for the message a second hub prints. */
  announce(url: string): void;
  /** Gives the data dir up: the owner file goes, then the lock. Safe to call twice. */
  release(): void;
};

/**
 * One hub per data dir. A second hub on the same dir would find none of the first one's tmux
 * sessions on its own socket and mark them all exited, so it must not start at all.
 *
 * Node has no flock. The lock is SQLite's: an exclusive transaction held open on `hub.lock`.
 * SQLite takes POSIX fcntl locks, which the kernel drops when the process ends however it ends
 * (SIGKILL, a crash), so a dead hub never blocks the next one; within one process SQLite tracks
 * its own connections, so a second hub in the same process is refused too (tests/security/hub-lock.test.ts
 * pins both). With busy timeout 0 the answer comes at once. The lock decides, never the owner
 * file: that is only what the message says, and a crashed hub's stale one is overwritten.
 *
 * Nothing but SQLite may open `hub.lock`: closing any descriptor of a file drops every POSIX
 * lock the process holds on it.
 *
 * The data dir is made private (0700) first: older versions, or a person, may have made it with
 * the umask's mode.
 */
export function lockDataDir(
  dataDir: string,
  self: { pid: number; now: () => Date } = { pid: process.pid, now: () => new Date() },
): HubLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const lockPath = join(dataDir, LOCK_FILE_NAME);
  const db = new Database(lockPath, { timeout: 0 });
  try {
    chmodSync(lockPath, 0o600);
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isDatabaseBusy(error)) throw new HubLockedError(dataDir, readOwner(dataDir));
    throw error;
  }
  const owner: LockOwner = { pid: self.pid, port: null, url: null, startedAt: self.now().toISOString() };
  writeOwner(dataDir, owner);
  let held = true;
  return {
    announce(url) {
      if (!held) return;
      writeOwner(dataDir, { ...owner, port: Number(new URL(url).port), url });
    },
    release() {
      if (!held) return;
      held = false;
      // While the lock is held nobody else writes the owner file; after, it may be the next hub's.
      rmSync(join(dataDir, OWNER_FILE_NAME), { force: true });
      db.close(); // rolls the open transaction back and drops the lock
    },
  };
}

/** Written whole (a temp file renamed over it): a second hub never reads half of it. */
function writeOwner(dataDir: string, owner: LockOwner): void {
  const path = join(dataDir, OWNER_FILE_NAME);
  const temp = `${path}.${owner.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

function readOwner(dataDir: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, OWNER_FILE_NAME), 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return null;
    return {
      pid: parsed.pid,
      port: typeof parsed.port === 'number' ? parsed.port : null,
      url: typeof parsed.url === 'string' ? parsed.url : null,
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : '',
    };
  } catch {
    return null;
  }
}

function describeHolder(dataDir: string, owner: LockOwner | null): string {
  const advice = `Stop it first, or give this hub its own data dir (SWITCHBOARD_DATA_DIR) and tmux socket (SWITCHBOARD_TMUX_SOCKET).`;
  if (owner === null) {
    return `Another process holds ${join(dataDir, LOCK_FILE_NAME)} (its ${OWNER_FILE_NAME} is missing or unreadable): another Switchboard hub is probably starting or running on the data dir ${dataDir}. ${advice}`;
  }
  const where =
    owner.port === null
      ? 'it has not started listening yet'
      : `it listens on port ${owner.port}${owner.url === null ? '' : ` (${owner.url})`}`;
  return `Another Switchboard hub is running on the data dir ${dataDir}: pid ${owner.pid}, ${where}. ${advice}`;
}
