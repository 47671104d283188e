import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function spawnReady(hub: TestHub, name: string): Promise<Session> {
  const { session } = (await (await hub.api('POST', '/api/sessions', { name })).json()) as {
    session: Session;
  };
  await waitFor('ready', async () => (await get(hub, session.id)).state === 'ready');
  return session;
}
const get = async (hub: TestHub, id: string) =>
  ((await (await hub.api('GET', `/api/sessions/${id}`)).json()) as { session: Session }).session;

describe('session health', () => {
  it('notices when Claude Code dies without a SessionEnd hook, and says how', async () => {
    t = await startTestHub();
    const hub = t;
    const session = await spawnReady(hub, 'fragile');
    const pid = execFileSync(
      'tmux',
      ['-L', hub.config.tmuxSocket, 'display-message', '-p', '-t', `=${session.tmuxSession}:`, '#{pane_pid}'],
      { encoding: 'utf8' },
    ).trim();
    process.kill(Number(pid), 'SIGKILL');
    const exited = await waitFor('exited', async () => {
      const s = await get(hub, session.id);
      return s.state === 'exited' ? s : undefined;
    });
    expect(exited.exitReason).toBe('Claude Code was killed by signal 9');
    expect(exited.exitedAt).not.toBeNull();
  });

  it('stops a session idle for longer than SWITCHBOARD_IDLE_TIMEOUT_MIN, and only an idle one', async () => {
    t = await startTestHub({ env: { SWITCHBOARD_IDLE_TIMEOUT_MIN: '0.02' } });
    const hub = t;
    const asking = await spawnReady(hub, 'asking');
    typeLine(hub.config.tmuxSocket, asking.tmuxSession, 'converse are you there?');
    const idle = await spawnReady(hub, 'sleepy');
    const exited = await waitFor('idle session stopped', async () => {
      const s = await get(hub, idle.id);
      return s.state === 'exited' ? s : undefined;
    });
    expect(exited.exitReason).toBe('stopped after being idle for 1 s');
    // A session waiting on the person is not idle.
    expect((await get(hub, asking.id)).state).toBe('waiting_input');
  });

  it('keeps a voice per session', async () => {
    t = await startTestHub();
    const session = await spawnReady(t, 'voiced');
    expect(session.voice).toBe('af_heart');
    const response = await t.api('PUT', `/api/sessions/${session.id}/voice`, { voice: 'bm_george' });
    expect(response.status).toBe(200);
    expect((await get(t, session.id)).voice).toBe('bm_george');
  });
});
