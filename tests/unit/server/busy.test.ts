import Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { BUSY_RETRY_MS, inBackground, isDatabaseBusy } from '../../../server/db/busy.js';

function recordingLog() {
  const lines: { level: 'warn' | 'error'; message: string }[] = [];
  const log = {
    warn: (_: unknown, message: string) => lines.push({ level: 'warn', message }),
    error: (_: unknown, message: string) => lines.push({ level: 'error', message }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

const busy = (code = 'SQLITE_BUSY') => new Database.SqliteError('database is locked', code);

describe('a busy database', () => {
  it('is SQLITE_BUSY or SQLITE_LOCKED, extended codes included, and nothing else', () => {
    expect(isDatabaseBusy(busy())).toBe(true);
    expect(isDatabaseBusy(busy('SQLITE_BUSY_SNAPSHOT'))).toBe(true);
    expect(isDatabaseBusy(busy('SQLITE_LOCKED'))).toBe(true);
    expect(isDatabaseBusy(busy('SQLITE_CONSTRAINT'))).toBe(false);
    expect(isDatabaseBusy(busy('SQLITE_BUSYNESS'))).toBe(false);
    expect(isDatabaseBusy(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(
      false,
    );
  });

  it('makes a background write log and ask to be tried again, never throw', () => {
    const { log, lines } = recordingLog();
    const retries: number[] = [];
    inBackground(
      'expiring a request',
      log,
      () => {
        throw busy();
      },
      (afterMs) => retries.push(afterMs),
    );
    expect(retries).toEqual([BUSY_RETRY_MS]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: `expiring a request: the database is locked by another process; trying again in ${BUSY_RETRY_MS} ms`,
      },
    ]);
  });

  it('logs any other failure as the bug it is, without a retry', () => {
    const { log, lines } = recordingLog();
    const retries: number[] = [];
    inBackground(
      'expiring a request',
      log,
      () => {
        throw new TypeError('oops');
      },
      (afterMs) => retries.push(afterMs),
    );
    expect(retries).toEqual([]);
    expect(lines).toEqual([{ level: 'error', message: 'expiring a request failed' }]);
  });
});
