import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { screenOf, startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
});

const list = async () =>
  ((await (await t.api('GET', '/api/sessions')).json()) as { sessions: Session[] }).sessions;
const spawn = async (name: string) =>
  ((await (await t.api('POST', '/api/sessions', { name })).json()) as { session: Session }).session;

describe('hub restart', () => {
  it('re-adopts live sessions with their state, and their proxies reconnect within 3 s', async () => {
    const idle = await spawn('keeps-idle');
    const asking = await spawn('keeps-asking');
    await waitFor('both connected', async () =>
      (await list()).every((s) => s.proxyConnected && s.state === 'ready'),
    );
    typeLine(t.config.tmuxSocket, idle.tmuxSession, 'hello');
    typeLine(t.config.tmuxSocket, asking.tmuxSession, 'converse still there?');
    await waitFor('states before the restart', async () => {
      const byName = new Map((await list()).map((s) => [s.name, s]));
      return (
        byName.get('keeps-idle')?.state === 'idle' && byName.get('keeps-asking')?.state === 'waiting_input'
      );
    });

    await t.stop();
    await t.restart();

    const back = await list();
    expect(back.map((s) => [s.name, s.state])).toEqual([
      ['keeps-idle', 'idle'],
      ['keeps-asking', 'waiting_input'],
    ]);
    // The target is 3 s (backoff capped at 2 s); the wait is longer only so a loaded CI machine
    // does not turn a slow start into a failure. docs/sessions.md gives the measured time.
    await waitFor('proxies reconnected', async () => (await list()).every((s) => s.proxyConnected), 10_000);

    // The converse call that was in flight survived: the proxy re-sent it, and a reply reaches Claude.
    await waitFor('pending converse re-registered', async () =>
      (await list()).some((s) => s.pendingConverse === 'still there?'),
    );
    expect((await t.api('POST', `/api/sessions/${asking.id}/reply`, { text: 'yes' })).status).toBe(200);
    await waitFor('the answer on screen', () =>
      screenOf(t.config.tmuxSocket, asking.tmuxSession).includes('answer: (user replied in text) yes'),
    );
  });

  it('marks sessions whose tmux session vanished while the hub was down as exited', async () => {
    const doomed = await spawn('doomed');
    await waitFor('ready', async () => (await list()).find((s) => s.id === doomed.id)?.state === 'ready');
    await t.stop();
    const { execFileSync } = await import('node:child_process');
    execFileSync('tmux', ['-L', t.config.tmuxSocket, 'kill-session', '-t', `=${doomed.tmuxSession}`]);
    await t.restart();
    const after = (await list()).find((s) => s.id === doomed.id);
    expect(after).toMatchObject({ state: 'exited', exitReason: 'gone while the hub was down' });
  });

  it('Regression (issue 12): brings back a session marked exited whose tmux session still runs', async () => {
    // What a second hub on the same data dir did before the data-dir lock: it saw none of this
    // hub's tmux sessions on its own socket and marked them exited, for good.
    const orphan = await spawn('orphaned');
    await waitFor('ready', async () => (await list()).find((s) => s.id === orphan.id)?.state === 'ready');
    await t.stop();
    const db = new Database(join(t.config.dataDir, 'switchboard.db'));
    db.prepare(
      "UPDATE sessions SET state = 'exited', exit_reason = 'gone while the hub was down', exited_at = ? WHERE id = ?",
    ).run(new Date().toISOString(), orphan.id);
    db.close();
    await t.restart();

    const back = (await list()).find((s) => s.id === orphan.id);
    expect(back).toMatchObject({ state: 'ready', exitReason: null, exitedAt: null });
    await waitFor('its proxy reconnected', async () =>
      (await list()).some((s) => s.id === orphan.id && s.proxyConnected),
    );
    const sent = await t.api('POST', `/api/sessions/${orphan.id}/messages`, { text: 'are you there' });
    expect(sent.status).toBe(201);
    await waitFor('the message typed in', () =>
      screenOf(t.config.tmuxSocket, orphan.tmuxSession).includes('are you there'),
    );
  });
});
