// The hub's half of permission prompts, through HTTP as the proxy and the person use it: a request
// asked with the session token waits (long poll) for one decision; a second decision is a 409;
// bulk decisions by tool; expiry gives no decision; a pending request survives a hub restart.
import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import type { Session } from '../../../protocol/session.js';
import { startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function session(hub: TestHub, name: string): Promise<{ session: Session; token: string }> {
  const { session } = (await (await hub.api('POST', '/api/sessions', { name })).json()) as {
    session: Session;
  };
  await waitFor(`${name} ready`, async () => (await state(hub, session.id)) === 'ready');
  return { session, token: hub.hub.sessions.record(session.id).proxyToken };
}

async function state(hub: TestHub, id: string): Promise<string> {
  return ((await (await hub.api('GET', `/api/sessions/${id}`)).json()) as { session: Session }).session.state;
}

let keys = 0;
async function ask(hub: TestHub, s: { session: Session; token: string }, toolName = 'Bash', key?: string) {
  const requestKey = key ?? `key-${Date.now()}-${keys++}`;
  const response = await hub.api(
    'POST',
    `/hooks/${s.session.id}/permission`,
    { requestKey, toolName, toolInput: { command: 'touch made.txt' }, suggestions: [], via: 'hook' },
    s.token,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { request: PermissionRequest }).request;
}

const waitDecision = async (hub: TestHub, s: { session: Session; token: string }, id: string, waitS = 20) => {
  const response = await hub.api(
    'GET',
    `/hooks/${s.session.id}/permission/${id}?waitS=${waitS}`,
    undefined,
    s.token,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { request: PermissionRequest }).request;
};

const decide = (hub: TestHub, id: string, body: unknown) => hub.api('POST', `/api/permissions/${id}`, body);

describe('permission requests', () => {
  it('wait for exactly one decision; the second gets 409; the audit log says who and when', async () => {
    t = await startTestHub();
    const hub = t;
    const s = await session(hub, 'perm');
    const request = await ask(hub, s);
    expect(request).toMatchObject({ state: 'pending', toolName: 'Bash', sessionName: 'perm', via: 'hook' });
    expect(await state(hub, s.session.id)).toBe('waiting_permission');
    // Asking again with the same key (a retry) is the same request; a new key is a new one.
    expect((await ask(hub, s)).id).not.toBe(request.id);
    const again = await hub.api(
      'POST',
      `/hooks/${s.session.id}/permission`,
      { requestKey: 'retry-key-1', toolName: 'Bash', toolInput: {}, via: 'hook' },
      s.token,
    );
    const retried = await hub.api(
      'POST',
      `/hooks/${s.session.id}/permission`,
      { requestKey: 'retry-key-1', toolName: 'Bash', toolInput: {}, via: 'hook' },
      s.token,
    );
    expect(((await retried.json()) as { request: PermissionRequest }).request.id).toBe(
      ((await again.json()) as { request: PermissionRequest }).request.id,
    );

    const waiting = waitDecision(hub, s, request.id);
    const first = await decide(hub, request.id, {
      behavior: 'allow',
      updatedInput: { command: 'touch other.txt' },
      scope: 'session',
    });
    expect(first.status).toBe(200);
    const decided = await waiting;
    expect(decided).toMatchObject({
      state: 'allowed',
      decidedBy: 'api',
      updatedInput: { command: 'touch other.txt' },
      scope: 'session',
    });
    expect(decided.decidedAt).not.toBeNull();

    const second = await decide(hub, request.id, { behavior: 'deny' });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(
      /already allowed by api/,
    );

    const log = (await (await hub.api('GET', '/api/permissions?state=allowed')).json()) as {
      requests: PermissionRequest[];
    };
    expect(log.requests.map((r) => r.id)).toEqual([request.id]);
  });

  it('decides every pending request of one tool at once', async () => {
    t = await startTestHub();
    const hub = t;
    const s = await session(hub, 'bulk');
    const bash1 = await ask(hub, s, 'Bash');
    const write = await ask(hub, s, 'Write');
    const bash2 = await ask(hub, s, 'Bash');
    const response = await hub.api('POST', '/api/permissions/bulk', { toolName: 'Bash', behavior: 'allow' });
    expect(response.status).toBe(200);
    const { requests } = (await response.json()) as { requests: PermissionRequest[] };
    expect(requests.map((r) => r.id).sort()).toEqual([bash1.id, bash2.id].sort());
    const pending = (await (await hub.api('GET', '/api/permissions?state=pending')).json()) as {
      requests: PermissionRequest[];
    };
    expect(pending.requests.map((r) => r.id)).toEqual([write.id]);
    expect(await state(hub, s.session.id)).toBe('waiting_permission'); // Write still waits
  });

  it('expires without a decision, and the session waits on its own terminal prompt', async () => {
    t = await startTestHub({ env: { SWITCHBOARD_PERMISSION_TIMEOUT_S: '1' } });
    const hub = t;
    const s = await session(hub, 'slow');
    const request = await ask(hub, s);
    const settled = await waitDecision(hub, s, request.id, 5);
    expect(settled).toMatchObject({ state: 'expired', decidedBy: 'hub' });
    expect(await state(hub, s.session.id)).toBe('waiting_input');
    expect((await decide(hub, request.id, { behavior: 'allow' })).status).toBe(409);
  });

  it('keeps a pending request across a hub restart; the decision after it reaches the waiter', async () => {
    t = await startTestHub();
    const hub = t;
    const s = await session(hub, 'restart');
    const request = await ask(hub, s);
    await hub.stop();
    await hub.restart();
    const pending = (await (await hub.api('GET', '/api/permissions?state=pending')).json()) as {
      requests: PermissionRequest[];
    };
    expect(pending.requests.map((r) => r.id)).toEqual([request.id]);
    const waiting = waitDecision(hub, s, request.id);
    expect((await decide(hub, request.id, { behavior: 'deny', message: 'Not on main.' })).status).toBe(200);
    expect(await waiting).toMatchObject({ state: 'denied', message: 'Not on main.' });
  });

  it('refuses the hub token on the session side, a foreign session, and bad decisions', async () => {
    t = await startTestHub();
    const hub = t;
    const a = await session(hub, 'a');
    const b = await session(hub, 'b');
    const request = await ask(hub, a);
    expect(
      (
        await hub.api(
          'POST',
          `/hooks/${a.session.id}/permission`,
          { requestKey: 'k-12345678', toolName: 'x', toolInput: {}, via: 'hook' },
          hub.hub.token,
        )
      ).status,
    ).toBe(401);
    expect(
      (await hub.api('GET', `/hooks/${b.session.id}/permission/${request.id}`, undefined, b.token)).status,
    ).toBe(404);
    const bad = await decide(hub, request.id, { behavior: 'maybe' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/behavior/);
    // A suggestion the request does not have, or with a deny, names the field and changes nothing.
    for (const body of [
      { behavior: 'allow', suggestion: 3 },
      { behavior: 'deny', suggestion: 0 },
      { behavior: 'allow', scope: 'once', suggestion: 0 },
    ]) {
      const refused = await decide(hub, request.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/suggestion/);
    }
    expect(hub.hub.permissions.get(request.id).state).toBe('pending');
    expect((await decide(hub, 'perm_000000000000', { behavior: 'allow' })).status).toBe(404);
    expect((await hub.api('GET', '/api/permissions?state=maybe')).status).toBe(400);
  });
});
