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

async function session(id: string): Promise<Session> {
  const response = await t.api('GET', `/api/sessions/${id}`);
  return ((await response.json()) as { session: Session }).session;
}

describe('a session with the scripted stand-in CLI', () => {
  it('spawns, reports hook states, and answers converse with a typed reply', async () => {
    const created = await t.api('POST', '/api/sessions', { name: 'alpha' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { session: spawned } = (await created.json()) as { session: Session };
    expect(spawned).toMatchObject({ name: 'alpha', state: 'starting', ownsFolder: true });
    expect(spawned.cwd).toContain('workspaces/alpha');

    await waitFor('ready with the proxy connected', async () => {
      const s = await session(spawned.id);
      return s.state === 'ready' && s.proxyConnected;
    });

    typeLine(t.config.tmuxSocket, spawned.tmuxSession, 'converse what should I build?');
    const waiting = await waitFor('waiting for input', async () => {
      const s = await session(spawned.id);
      return s.state === 'waiting_input' ? s : undefined;
    });
    expect(waiting.pendingConverse).toBe('what should I build?');

    const replied = await t.api('POST', `/api/sessions/${spawned.id}/reply`, { text: 'a voice hub' });
    expect(replied.status).toBe(200);
    await waitFor('the answer on screen', () =>
      screenOf(t.config.tmuxSocket, spawned.tmuxSession).includes(
        'answer: (user replied in text) a voice hub',
      ),
    );
    await waitFor('idle after Stop', async () => (await session(spawned.id)).state === 'idle');

    const again = await t.api('POST', `/api/sessions/${spawned.id}/reply`, { text: 'nobody asked' });
    expect(again.status).toBe(409);
  });

  it('shows set_status on the roster and answers whoami', async () => {
    const { session: s } = (await (await t.api('POST', '/api/sessions', { name: 'beta' })).json()) as {
      session: Session;
    };
    await waitFor('ready', async () => (await session(s.id)).proxyConnected);
    typeLine(t.config.tmuxSocket, s.tmuxSession, 'status running the tests');
    await waitFor('status text', async () => (await session(s.id)).statusText === 'running the tests');
    typeLine(t.config.tmuxSocket, s.tmuxSession, 'whoami');
    await waitFor('whoami answer', () =>
      screenOf(t.config.tmuxSocket, s.tmuxSession).includes(`"name":"beta"`),
    );
  });

  it('marks a session exited when Claude Code ends; DELETE archives it, ?forget=1 removes it', async () => {
    const { session: s } = (await (await t.api('POST', '/api/sessions', { name: 'gamma' })).json()) as {
      session: Session;
    };
    await waitFor('ready', async () => (await session(s.id)).state === 'ready');
    typeLine(t.config.tmuxSocket, s.tmuxSession, 'exit');
    const exited = await waitFor('exited', async () => {
      const current = await session(s.id);
      return current.state === 'exited' ? current : undefined;
    });
    expect(exited.exitReason).toMatch(/ended the session|exited/);
    // Closing the tab of a session that ended by itself: archived, its own exit reason kept.
    const closed = await t.api('DELETE', `/api/sessions/${s.id}`);
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { session: Session }).session).toMatchObject({
      state: 'exited',
      archived: true,
      exitReason: exited.exitReason,
    });
    expect((await t.api('DELETE', `/api/sessions/${s.id}?forget=1`)).status).toBe(204);
    expect((await t.api('GET', `/api/sessions/${s.id}`)).status).toBe(404);
    expect((await t.api('DELETE', `/api/sessions/${s.id}`)).status).toBe(404);
  });
});
