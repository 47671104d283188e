import Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';

/** How long a background write waits before it tries again when another process holds the lock. */
export const BUSY_RETRY_MS = 1_000;

/**
 * Whether SQLite refused because another connection holds a lock: SQLITE_BUSY (another
 * process, after the busy timeout) or SQLITE_LOCKED, with their extended codes
 * (SQLITE_BUSY_SNAPSHOT, …). Not a hub bug: the same write succeeds once the lock is released.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(error.code);
}

/**
 * Runs a write that no request waits for (a timer, a socket event). An exception out of a timer
 * ends the hub, so nothing is thrown: see backgroundFailed.
 */
export function inBackground(
  what: string,
  log: FastifyBaseLogger,
  task: () => void,
  retry?: (afterMs: number) => void,
): void {
  try {
    task();
  } catch (error) {
    backgroundFailed(what, log, error, retry);
  }
}

/**
 * What a background write does with its failure: a busy database is logged and, with `retry`,
 * tried again after BUSY_RETRY_MS (the caller schedules it, so its timers stay its own);
 * anything else is a bug, logged as one.
 */
export function backgroundFailed(
  what: string,
  log: FastifyBaseLogger,
  error: unknown,
  retry?: (afterMs: number) => void,
): void {
  if (!isDatabaseBusy(error)) {
    log.error({ err: error }, `${what} failed`);
    return;
  }
  const then = retry === undefined ? 'skipped' : `trying again in ${BUSY_RETRY_MS} ms`;
  log.warn({ err: error }, `${what}: the database is locked by another process; ${then}`);
  retry?.(BUSY_RETRY_MS);
}
