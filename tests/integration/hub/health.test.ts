import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExecaTmux } from '../../../server/tmux/tmux.js';
import type { Session } from '../../../protocol/session.js';
import { startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
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

/** Kills the program in the session's pane by its pid, as a crash would. */
function killPaneProgram(hub: TestHub, session: Session, signal: NodeJS.Signals): void {
  const pid = execFileSync(
    'tmux',
    ['-L', hub.config.tmuxSocket, 'display-message', '-p', '-t', `=${session.tmuxSession}:`, '#{pane_pid}'],
    { encoding: 'utf8' },
  ).trim();
  process.kill(Number(pid), signal);
}

const untilExited = (hub: TestHub, id: string, timeoutMs?: number) =>
  waitFor(
    'exited',
    async () => {
      const s = await get(hub, id);
      return s.state === 'exited' ? s : undefined;
    },
    timeoutMs,
  );

describe('session health', () => {
  it('notices when Claude Code dies without a SessionEnd hook, and says how', async () => {
    t = await startTestHub();
    const hub = t;
    const session = await spawnReady(hub, 'fragile');
    killPaneProgram(hub, session, 'SIGKILL');
    const exited = await untilExited(hub, session.id);
    expect(exited.exitReason).toBe('Claude Code was killed by signal 9');
    expect(exited.exitedAt).not.toBeNull();
  });

  it('watches a running session without spawning tmux, and still notices its death', async () => {
    // Spawning tmux stalls the hub's event loop (a fork of a big process); a voice round trip
    // that meets one is slower. Once a session runs, its pane's pid is probed instead.
    const listings = vi.spyOn(ExecaTmux.prototype, 'listPanes');
    t = await startTestHub({ monitorIntervalMs: 100 });
    const hub = t;
    const session = await spawnReady(hub, 'steady');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first ticks after ready learn the pid
    const before = listings.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // ~15 ticks
    expect(listings.mock.calls.length - before).toBe(0);

    killPaneProgram(hub, session, 'SIGKILL');
    const exited = await untilExited(hub, session.id);
    expect(exited.exitReason).toBe('Claude Code was killed by signal 9');
    expect(listings.mock.calls.length).toBeGreaterThan(before);
  });

  it('notices a killed command at the next probe, not at the once-a-minute tmux check', async () => {
    // By hand, tmux 3.3a once left the killed `sleep` a zombie for good, which a signal-0 probe
    // calls alive (tests/unit/server/process-runs.test.ts makes such a zombie on purpose).
    t = await startTestHub({ monitorIntervalMs: 100, claudeBin: '/nonexistent/claude' });
    const hub = t;
    const created = await hub.api('POST', '/api/sessions', { name: 'sleeper', command: 'sleep 600' });
    const { session } = (await created.json()) as { session: Session };
    await new Promise((resolve) => setTimeout(resolve, 500)); // running; its pid is known
    killPaneProgram(hub, session, 'SIGTERM');
    // Well before the once-a-minute full check (60 ticks: 6 s here).
    const exited = await untilExited(hub, session.id, 3_000);
    expect(exited.exitReason).toMatch(/^the command (was killed by signal 15|exited)/);
  });

  it('stops a session idle for longer than SWITCHBOARD_IDLE_TIMEOUT_MIN, and only an idle one', async () => {
    // 3 s: the asking session must reach its converse before it has been idle that long, even on
    // two busy cores (1.2 s was seen to lose that race in a full run).
    t = await startTestHub({ env: { SWITCHBOARD_IDLE_TIMEOUT_MIN: '0.05' } });
    const hub = t;
    const asking = await spawnReady(hub, 'asking');
    typeLine(hub.config.tmuxSocket, asking.tmuxSession, 'converse are you there?');
    const idle = await spawnReady(hub, 'sleepy');
    const exited = await untilExited(hub, idle.id);
    expect(exited.exitReason).toBe('stopped after being idle for 3 s');
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
