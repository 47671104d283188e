// Regression (issue 12, finding 9): the database files were created 0644, readable by every
// local user (the data dir's own mode was whatever made it). Everything the hub writes into
// its data dir is the owner's alone: files 0600, folders 0700. No process-wide umask does it:
// tmux and Claude Code inherit the hub's, and would make the person's project files private.
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingInfo } from '../../protocol/terminal.js';
import type { Session } from '../../protocol/session.js';
import { spawnReady, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

let t: TestHub;
let umask: number;
beforeAll(async () => {
  // The usual umask, so that a file made without a mode would show its group and other bits.
  umask = process.umask(0o022);
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
  process.umask(umask);
});

/** Every file and folder under `dir` that anyone but its owner may use, with its mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const info = statSync(path);
    if ((info.mode & 0o077) !== 0) found.push(`${path} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return found;
}

describe('the data dir', () => {
  it('holds only files of mode 0600 and folders of mode 0700', async () => {
    await spawnReady(t, 'private');
    const created = await t.api('POST', '/api/sessions', { name: 'recorded', command: 'sleep 600' });
    const { session: shell } = (await created.json()) as { session: Session };
    expect((await t.api('PUT', `/api/sessions/${shell.id}/recording`, { enabled: true })).status).toBe(200);
    await waitFor('a recording file', async () => {
      const { recordings } = (await (await t.api('GET', `/api/sessions/${shell.id}/recordings`)).json()) as {
        recordings: RecordingInfo[];
      };
      return recordings.length > 0;
    });
    expect(openToOthers(t.config.dataDir)).toEqual([]);
    // SQLite gives the -wal and -shm files the database's own mode: they were looked at above.
    expect(readdirSync(t.config.dataDir)).toEqual(
      expect.arrayContaining(['switchboard.db', 'switchboard.db-wal', 'switchboard.db-shm', 'token']),
    );
  });

  it('is made private at start when an older hub left it open', async () => {
    await t.stop();
    // A clean close removes -wal and -shm; the next open makes them with the database's mode.
    chmodSync(t.config.dataDir, 0o755);
    chmodSync(join(t.config.dataDir, 'switchboard.db'), 0o644);
    await t.restart();
    expect(openToOthers(t.config.dataDir)).toEqual([]);
  });
});
