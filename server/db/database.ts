import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** The database's file in the data dir (SQLite adds -wal and -shm beside it). */
export const DB_FILE_NAME = 'switchboard.db';

/**
 * How long a write waits for another connection's lock. better-sqlite3 is synchronous, so the
 * wait stalls the hub's whole event loop (every socket, audio chunk and timer). The hub is its
 * database's only writer (one hub per data dir: server/lock/hub-lock.ts) and its own transactions
 * take well under a millisecond, so a wait is only ever for another process: a `sqlite3` shell,
 * a backup. 50 ms rides out such a process's one-off write (it commits in a few ms) and stays
 * under what a person notices; a lock held longer costs each write 50 ms and then SQLITE_BUSY
 * (a request answers 503, a background write tries again later) instead of a 5 s freeze per write.
 */
export const BUSY_TIMEOUT_MS = 50;

/** At start nothing is served yet: waiting out another process's lock beats refusing to start. */
const OPEN_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the hub's SQLite database (WAL, so readers never block the writer) and brings its
 * schema up to date. Its files are the owner's alone (0600).
 */
export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path, { timeout: OPEN_BUSY_TIMEOUT_MS });
  // Before WAL is turned on: SQLite gives -wal and -shm the database file's mode when it makes them.
  makePrivate(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * SQLite makes its files 0644 (less the umask), and older hubs left theirs so. Changed by path,
 * never by opening the file: closing any descriptor of a file drops every POSIX lock this
 * process holds on it, SQLite's own included.
 */
function makePrivate(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The database schema (version ${current}) is newer than this hub understands (${MIGRATIONS.length}); upgrade Switchboard.`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
