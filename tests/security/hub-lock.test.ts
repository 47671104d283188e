// The data-dir lock leans on two facts about SQLite's POSIX (fcntl) locks that these tests pin
// instead of assuming: the kernel drops them when the holder dies (even by SIGKILL), and a
// second connection in the same process is refused like another process would be.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubLockedError, OWNER_FILE_NAME, lockDataDir, type HubLock } from '../../server/lock/hub-lock.js';

const HUB_LOCK = resolve(import.meta.dirname, '..', '..', 'server', 'lock', 'hub-lock.ts');

let dataDir: string;
const held: HubLock[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-lock-'));
});
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  rmSync(dataDir, { recursive: true, force: true });
});

function refusal(): HubLockedError {
  try {
    held.push(lockDataDir(dataDir));
  } catch (error) {
    if (error instanceof HubLockedError) return error;
    throw error;
  }
  throw new Error('the second lock was granted');
}

describe('the data-dir lock', () => {
  it('refuses a second holder in the same process, naming the first; release frees it', () => {
    const first = lockDataDir(dataDir, { pid: 4242, now: () => new Date('2026-01-02T03:04:05Z') });
    held.push(first);
    expect(refusal().message).toContain('pid 4242, it has not started listening yet');

    first.announce('http://127.0.0.1:3460');
    const refused = refusal();
    expect(refused.owner).toEqual({
      pid: 4242,
      port: 3460,
      url: 'http://127.0.0.1:3460',
      startedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(refused.message).toBe(
      `Another Switchboard hub is running on the data dir ${dataDir}: pid 4242, it listens on port 3460 (http://127.0.0.1:3460). Stop it first, or give this hub its own data dir (SWITCHBOARD_DATA_DIR) and tmux socket (SWITCHBOARD_TMUX_SOCKET).`,
    );

    first.release();
    expect(existsSync(join(dataDir, OWNER_FILE_NAME))).toBe(false);
    held.push(lockDataDir(dataDir));
  });

  it('is released by the kernel when its holder is SIGKILLed; the stale owner file does not block', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { lockDataDir } = await import(${JSON.stringify(HUB_LOCK)});
         lockDataDir(process.argv[1]).announce('http://127.0.0.1:4343');
         process.stdout.write('locked\\n');
         setInterval(() => {}, 1000);`,
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const lines = createInterface({ input: child.stdout });
      for await (const line of lines) if (line === 'locked') break;

      const refused = refusal();
      expect(refused.owner).toMatchObject({ pid: child.pid, port: 4343 });
      expect(refused.message).toContain(`pid ${child.pid}, it listens on port 4343`);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // No shutdown code ran: the owner file still names the dead process.
    expect(JSON.parse(readFileSync(join(dataDir, OWNER_FILE_NAME), 'utf8'))).toMatchObject({
      pid: child.pid,
    });
    const next = lockDataDir(dataDir, { pid: 777, now: () => new Date() });
    held.push(next);
    expect(JSON.parse(readFileSync(join(dataDir, OWNER_FILE_NAME), 'utf8'))).toMatchObject({ pid: 777 });
  });

  it('says so when the holder left no owner file to read', () => {
    held.push(lockDataDir(dataDir));
    writeFileSync(join(dataDir, OWNER_FILE_NAME), 'not json');
    expect(refusal().message).toMatch(/hub\.lock \(its hub\.json is missing or unreadable\)/);
  });
});
