// Regression (issue 12, finding 6): a second hub started on the same data dir (with its own port
// and tmux socket) found none of the first hub's tmux sessions on its socket and marked every
// live session `exited`; after the first hub restarted they stayed orphaned (messages got 409)
// while their programs kept running in tmux. One hub per data dir: the second one must refuse.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { waitFor } from '../support/hub-harness.js';
import { HubExitedError, HubProcess } from '../support/hub-process.js';

const started: HubProcess[] = [];
afterEach(async () => {
  // The second hub first: it shares the first one's data dir, which the first one removes.
  for (const hub of started.reverse()) await hub.dispose();
  started.length = 0;
});

async function sessionOf(hub: HubProcess, id: string): Promise<Session> {
  const response = await hub.api('GET', `/api/sessions/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { session: Session }).session;
}

describe('a second hub on the same data dir', () => {
  it('exits at once naming the first hub, which keeps its sessions; a killed hub does not block the next', async () => {
    const a = await HubProcess.start();
    started.push(a);
    const created = await a.api('POST', '/api/sessions', { name: 'lives', command: 'sleep 600' });
    expect(created.status).toBe(201);
    const { session } = (await created.json()) as { session: Session };
    await waitFor('the session ready', async () => (await sessionOf(a, session.id)).state === 'ready');

    const second = await HubProcess.start({}, { dataDir: a.dataDir }).then(
      (b) => {
        started.push(b);
        return b;
      },
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(HubExitedError);
    const exited = second as HubExitedError;
    expect(exited.exitCode).toBe(1);
    expect(exited.stderr).toContain(`pid ${a.pid}`);
    expect(exited.stderr).toContain(`port ${a.port}`);
    expect(exited.stderr).toContain(a.dataDir);

    // The first hub still answers, and its session is untouched.
    expect((await fetch(`${a.url}/health`)).status).toBe(200);
    expect((await sessionOf(a, session.id)).state).toBe('ready');

    // Killed without any shutdown code: its lock goes with the process, its owner file stays
    // behind, and the next hub on the data dir starts all the same and re-adopts the session.
    await a.kill();
    await a.launch();
    const back = await sessionOf(a, session.id);
    expect(back).toMatchObject({ state: 'ready', exitReason: null });
    const sent = await a.api('POST', `/api/sessions/${session.id}/messages`, { text: 'still there?' });
    expect(sent.status).toBe(201);
  });
});
