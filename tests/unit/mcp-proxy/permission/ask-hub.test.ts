import { describe, expect, it } from 'vitest';
import { askAndWait } from '../../../../mcp-proxy/permission/ask-hub.js';
import type { AskDeps } from '../../../../mcp-proxy/permission/ask-hub.js';
import type { Log } from '../../../../mcp-proxy/log.js';
import type { HubAnswer, HubRequest } from '../../../../mcp-proxy/hub-http.js';
import type { PermissionAsk, PermissionRequest } from '../../../../protocol/permissions.js';

/** The clock starts here; every sleep and every long-poll moves it, so no test waits for real. */
const T0 = Date.parse('2026-01-01T00:00:00Z');
const config = { hubUrl: new URL('http://127.0.0.1:9/base/'), sessionId: 's 1', token: 'tok' };
const ask: PermissionAsk = {
  requestKey: 'key0123456789',
  toolName: 'Bash',
  toolInput: { command: 'touch x' },
  suggestions: [],
  via: 'hook',
};
const postUrl = 'http://127.0.0.1:9/base/hooks/s%201/permission';

function request(change: Partial<PermissionRequest> = {}): PermissionRequest {
  return {
    id: 'perm-1',
    sessionId: 's 1',
    sessionName: 'alpha',
    sessionCwd: '/work/project',
    toolName: 'Bash',
    toolInput: { command: 'touch x' },
    suggestions: [],
    via: 'hook',
    state: 'pending',
    createdAt: new Date(T0).toISOString(),
    expiresAt: new Date(T0 + 120_000).toISOString(),
    decidedAt: null,
    decidedBy: null,
    message: null,
    updatedInput: null,
    scope: null,
    sessionRule: null,
    ...change,
  };
}

const ok =
  (change: Partial<PermissionRequest> = {}) =>
  (): HubAnswer => ({ status: 200, text: JSON.stringify({ request: request(change) }) });
const status = (code: number) => (): HubAnswer => ({ status: code, text: '{"error":"nope"}' });
/** What node:http throws when nothing listens. */
const refused = () => (): HubAnswer => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
};

interface Call {
  method: string;
  url: string;
  authorization: string;
  body: unknown;
  at: number;
}

/** A hub scripted reply by reply; a long-poll that answers "pending" takes its whole waitS. */
function scriptedHub(replies: Array<() => HubAnswer>, options: Partial<AskDeps> = {}) {
  let now = T0;
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const lines: string[] = [];
  const log: Log = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const hubRequest: HubRequest = async (url, init) => {
    const headers = init.headers;
    calls.push({
      method: String(init.method),
      url: url.href,
      authorization: headers.Authorization ?? '',
      body: init.body === undefined ? undefined : (JSON.parse(String(init.body)) as unknown),
      at: now - T0,
    });
    const reply = replies.shift();
    if (reply === undefined) throw new Error('scriptedHub: no reply left');
    const response = reply();
    const waitS = Number(url.searchParams.get('waitS') ?? 0);
    if (init.method === 'GET' && response.status === 200 && response.text.includes('"pending"')) {
      now += waitS * 1_000;
    }
    return response;
  };
  const run = () =>
    askAndWait({
      config,
      ask,
      log,
      localDeadlineMs: 130_000,
      request: hubRequest,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      ...options,
    });
  return { run, calls, sleeps, lines, elapsed: () => now - T0 };
}

describe('askAndWait', () => {
  it('posts the ask with the session token, long-polls it, and returns the decision', async () => {
    const hub = scriptedHub([ok(), ok(), ok({ state: 'allowed', decidedBy: 'page' })]);
    const outcome = await hub.run();
    expect(outcome).toEqual({ kind: 'decided', request: request({ state: 'allowed', decidedBy: 'page' }) });
    expect(hub.calls.map(({ method, url, authorization }) => [method, url, authorization])).toEqual([
      ['POST', postUrl, 'Bearer tok'],
      ['GET', `${postUrl}/perm-1?waitS=25`, 'Bearer tok'],
      ['GET', `${postUrl}/perm-1?waitS=25`, 'Bearer tok'],
    ]);
    expect(hub.calls[0]?.body).toEqual(ask);
    expect(hub.sleeps).toEqual([]);
  });

  it('survives a hub that is down, then failing, then back: same key, backoff from 100 ms', async () => {
    const hub = scriptedHub([refused(), refused(), status(503), status(429), ok({ state: 'denied' })]);
    const outcome = await hub.run();
    expect(outcome).toMatchObject({ kind: 'decided', request: { state: 'denied' } });
    expect(hub.calls.map((call) => call.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'POST']);
    expect(hub.calls.every((call) => JSON.stringify(call.body) === JSON.stringify(ask))).toBe(true);
    expect(hub.sleeps).toEqual([100, 200, 400, 800]);
    // One warning for the outage, one line when it ends: not one per retry.
    expect(hub.lines).toEqual([
      expect.stringMatching(/cannot reach the hub at http:\/\/127\.0\.0\.1:9: connect ECONNREFUSED/),
      'permission: the hub answers again',
    ]);
  });

  it('asks again with the same key when a long-poll loses the hub (a restart), then polls the answer', async () => {
    const hub = scriptedHub([ok(), refused(), ok(), ok({ state: 'allowed' })]);
    expect(await hub.run()).toMatchObject({ kind: 'decided' });
    expect(hub.calls.map((call) => call.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
    expect(hub.calls[2]?.body).toEqual(ask);
  });

  it('asks again with the same key when the hub does not know the request (404 on the wait)', async () => {
    const hub = scriptedHub([
      ok(),
      status(404),
      ok({ id: 'perm-2' }),
      ok({ id: 'perm-2', state: 'allowed' }),
    ]);
    expect(await hub.run()).toMatchObject({ kind: 'decided', request: { id: 'perm-2' } });
    expect(hub.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST ${postUrl}`,
      `GET ${postUrl}/perm-1?waitS=25`,
      `POST ${postUrl}`,
      `GET ${postUrl}/perm-2?waitS=25`,
    ]);
    expect(hub.calls[2]?.body).toEqual(ask);
  });

  it('slows down when the hub keeps losing the request it just took', async () => {
    const hub = scriptedHub([
      ok(),
      status(404),
      ok(),
      status(404),
      ok(),
      status(404),
      ok({ state: 'denied' }),
    ]);
    expect(await hub.run()).toMatchObject({ kind: 'decided' });
    expect(hub.sleeps).toEqual([100, 200, 400]);
  });

  it.each([401, 403, 400, 404])(
    'gives up at once on a final HTTP %i to the ask, with an error line',
    async (code) => {
      const hub = scriptedHub([status(code)]);
      expect(await hub.run()).toEqual({
        kind: 'refused',
        status: code,
        problem: `HTTP ${code} {"error":"nope"}`,
      });
      expect(hub.calls).toHaveLength(1);
      expect(hub.lines).toEqual([
        `permission: the hub refused the Bash request: HTTP ${code} {"error":"nope"}`,
      ]);
    },
  );

  it('returns an expired or cancelled request as closed, not as a decision', async () => {
    const expired = scriptedHub([ok(), ok({ state: 'expired', decidedBy: 'hub' })]);
    expect(await expired.run()).toMatchObject({ kind: 'closed', request: { state: 'expired' } });
    const cancelled = scriptedHub([ok({ state: 'cancelled' })]);
    expect(await cancelled.run()).toMatchObject({ kind: 'closed', request: { state: 'cancelled' } });
  });

  it('stops at the local deadline when the hub never answered, backoff capped at 2 s', async () => {
    const hub = scriptedHub(Array.from({ length: 200 }, () => refused()));
    const outcome = await hub.run();
    expect(outcome).toMatchObject({ kind: 'timed-out', waitedMs: 130_000, request: null });
    expect(outcome.kind === 'timed-out' && outcome.problem).toContain('ECONNREFUSED');
    expect(hub.sleeps.slice(0, 8)).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(Math.max(...hub.sleeps)).toBe(2000);
    expect(hub.elapsed()).toBe(130_000);
  });

  it('once the hub answered, waits no longer than expiresAt + 5 s (long-polls shrink to fit)', async () => {
    const expiresAt = new Date(T0 + 20_000).toISOString();
    const hub = scriptedHub(Array.from({ length: 10 }, () => ok({ expiresAt })));
    const outcome = await hub.run();
    expect(outcome).toMatchObject({ kind: 'timed-out', problem: null, request: { state: 'pending' } });
    expect(hub.elapsed()).toBe(25_000);
    expect(hub.calls.map((call) => new URL(call.url).searchParams.get('waitS'))).toEqual([null, '25']);
  });

  it("follows the hub's expiry past the first guess, since the hub is in charge once it answered", async () => {
    const expiresAt = new Date(T0 + 150_000).toISOString();
    const hub = scriptedHub([
      ...Array.from({ length: 7 }, () => ok({ expiresAt })),
      ok({ state: 'expired' }),
    ]);
    expect(await hub.run()).toMatchObject({ kind: 'closed' });
    expect(hub.calls.map((call) => new URL(call.url).searchParams.get('waitS'))).toEqual([
      null,
      '25',
      '25',
      '25',
      '25',
      '25',
      '25',
      '5',
    ]);
  });

  it('retries an answer that is not a request, and stops when the caller aborts', async () => {
    const controller = new AbortController();
    const hub = scriptedHub(
      [
        () => ({ status: 200, text: '<html>proxy error</html>' }),
        () => {
          controller.abort();
          return { status: 200, text: JSON.stringify({ request: request() }) };
        },
      ],
      { signal: controller.signal },
    );
    expect(await hub.run()).toEqual({ kind: 'aborted' });
    expect(hub.lines[0]).toContain('unexpected answer: <html>proxy error</html>');
    expect(hub.calls).toHaveLength(2);
  });
});
