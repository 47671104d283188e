// Regression (issue 12, finding 9): with another process holding a lock on the hub's database,
// every write froze the hub's event loop for the 5 s busy timeout (better-sqlite3 is
// synchronous), for every request and socket. The busy timeout is short, a refused write
// answers 503 saying why, the hub answers meanwhile, and background writers try again later.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PermissionRequest } from '../../protocol/permissions.js';
import type { Session } from '../../protocol/session.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

const PROJECT = resolve(import.meta.dirname, '..', '..');

/** Another process holding `BEGIN EXCLUSIVE` on a database until release() (a sqlite3 shell would do the same). */
class Locker {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: AsyncIterator<string>,
  ) {}

  static async lock(path: string): Promise<Locker> {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import Database from 'better-sqlite3';
         import { createInterface } from 'node:readline';
         const db = new Database(process.argv[1]);
         db.exec('BEGIN EXCLUSIVE');
         process.stdout.write('locked\\n');
         createInterface({ input: process.stdin }).once('line', () => {
           db.exec('COMMIT');
           db.close();
           process.stdout.write('released\\n', () => process.exit(0));
         });`,
        path,
      ],
      { cwd: PROJECT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const locker = new Locker(child, createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
    await locker.expect('locked');
    return locker;
  }

  async release(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.stdin!.write('go\n');
    await this.expect('released');
    await exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private async expect(line: string): Promise<void> {
    const next = await this.lines.next();
    if (next.value !== line) throw new Error(`the locker said ${String(next.value)}, not ${line}`);
  }
}

let t: TestHub;
let session: Session;
let locker: Locker | undefined;
beforeAll(async () => {
  // Permission prompts expire after 1 s: one expires while the database is locked.
  t = await startTestHub({ env: { SWITCHBOARD_PERMISSION_TIMEOUT_S: '1' } });
  const created = await t.api('POST', '/api/sessions', { name: 'writes', command: 'sleep 600' });
  session = ((await created.json()) as { session: Session }).session;
});
afterEach(() => {
  locker?.kill();
  locker = undefined;
});
afterAll(async () => {
  await t?.dispose();
});

const dbPath = () => join(t.config.dataDir, 'switchboard.db');
const note = (text: string) =>
  t.api('POST', `/api/sessions/${session.id}/messages`, { text, kind: 'note', from: 'test' });

describe('a database locked by another process', () => {
  it('answers a write 503 saying so while the hub keeps answering; the write succeeds once released', async () => {
    expect((await note('before')).status).toBe(201);
    locker = await Locker.lock(dbPath());

    const started = performance.now();
    const refused = await note('while locked');
    const tookMs = Math.round(performance.now() - started);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(refused.status, JSON.stringify(body)).toBe(503);
    expect(body.error).toMatchObject({ code: 'unavailable' });
    expect(body.error.message).toMatch(/^The database is locked by another process: /);
    expect(refused.headers.get('retry-after')).toBe('1');
    console.log(`a write refused with the database locked answered in ${tookMs} ms`);

    // Reads go on (WAL): the hub is not stuck.
    const health = await t.api('GET', '/health', undefined, null);
    expect(health.status).toBe(200);
    expect((await t.api('GET', `/api/sessions/${session.id}`)).status).toBe(200);

    await locker.release();
    expect((await note('after')).status).toBe(201);
  });

  it('lets a permission prompt that expires meanwhile expire once the lock is released, without crashing', async () => {
    const token = t.hub.sessions.record(session.id).proxyToken;
    const asked = await t.api(
      'POST',
      `/hooks/${session.id}/permission`,
      { requestKey: 'locked-expiry-1', toolName: 'Bash', toolInput: { command: 'ls' }, via: 'hook' },
      token,
    );
    expect(asked.status).toBe(200);
    const { request } = (await asked.json()) as { request: PermissionRequest };
    const warn = vi.spyOn(t.hub.app.log, 'warn');
    try {
      locker = await Locker.lock(dbPath());
      // The expiry timer fired, met the lock, and said it will try again.
      await waitFor('the expiry to meet the lock', () =>
        warn.mock.calls.some((call) => String(call[1]).includes('locked by another process')),
      );
      const during = (await (await t.api('GET', `/api/permissions/${request.id}`)).json()) as {
        request: PermissionRequest;
      };
      expect(during.request.state).toBe('pending');
      await locker.release();
    } finally {
      warn.mockRestore();
    }
    await waitFor('the request expired', async () => {
      const now = (await (await t.api('GET', `/api/permissions/${request.id}`)).json()) as {
        request: PermissionRequest;
      };
      return now.request.state === 'expired';
    });
    expect((await t.api('GET', '/health', undefined, null)).status).toBe(200);
  });
});
