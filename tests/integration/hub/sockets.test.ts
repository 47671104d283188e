import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hubToBrowserSchema, type HubToBrowser } from '../../../protocol/browser.js';
import { PROXY_CLOSE } from '../../../protocol/proxy.js';
import type { Session } from '../../../protocol/session.js';
import { connectWebSocket } from '../../../mcp-proxy/hub-socket.js';
import { startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
});

const wsUrl = (path: string) => t.url.replace(/^http/, 'ws') + path;

/** How the proxy's own socket (mcp-proxy/hub-socket.ts) ends when the hub refuses it. */
function proxyCloseCode(path: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    connectWebSocket(new URL(wsUrl(path)), token, {
      onOpen: () => undefined,
      onMessage: () => undefined,
      onError: () => undefined,
      onClose: (code) => resolve(code),
    });
  });
}

describe('the roster socket', () => {
  it('sends the session list, then every state change', async () => {
    const messages: HubToBrowser[] = [];
    const socket = new WebSocket(wsUrl(`/ws?token=${t.hub.token}`));
    socket.on('message', (data) => messages.push(hubToBrowserSchema.parse(JSON.parse(data.toString()))));
    await new Promise((resolve) => socket.once('open', resolve));
    await waitFor('hello and list', () => messages.some((m) => m.type === 'session_list'));

    const { session } = (await (await t.api('POST', '/api/sessions', { name: 'watched' })).json()) as {
      session: Session;
    };
    await waitFor('ready seen', () =>
      messages.some(
        (m) => m.type === 'session_status' && m.session.id === session.id && m.session.state === 'ready',
      ),
    );
    typeLine(t.config.tmuxSocket, session.tmuxSession, 'hello');
    await waitFor('idle seen', () =>
      messages.some(
        (m) => m.type === 'session_status' && m.session.id === session.id && m.session.state === 'idle',
      ),
    );
    const states = messages
      .filter((m): m is Extract<HubToBrowser, { type: 'session_status' }> => m.type === 'session_status')
      .filter((m) => m.session.id === session.id)
      .map((m) => m.session.state);
    // Hook order: starting -> ready -> busy -> idle (repeats of a state are fine).
    const distinct = states.filter((s, i) => s !== states[i - 1]);
    expect(distinct).toEqual(['starting', 'ready', 'busy', 'idle']);

    // Stopped: archived, so it leaves the tabs (it lives in Past sessions), on this socket and
    // in the next socket's list.
    await t.api('DELETE', `/api/sessions/${session.id}`);
    await waitFor('removal seen', () =>
      messages.some((m) => m.type === 'session_removed' && m.id === session.id),
    );
    socket.close();
    const next: HubToBrowser[] = [];
    const again = new WebSocket(wsUrl(`/ws?token=${t.hub.token}`));
    again.on('message', (data) => next.push(hubToBrowserSchema.parse(JSON.parse(data.toString()))));
    const list = await waitFor('the next list', () => next.find((m) => m.type === 'session_list'));
    expect(list.sessions.map((s) => s.id)).not.toContain(session.id);
    again.close();
  });

  it('refuses a missing token and a foreign Origin', async () => {
    const noToken = new WebSocket(wsUrl('/ws'));
    const status = await new Promise<number>((resolve) =>
      noToken.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
    const foreign = new WebSocket(wsUrl(`/ws?token=${t.hub.token}`), {
      headers: { origin: 'https://evil.example' },
    });
    const foreignStatus = await new Promise<number>((resolve) =>
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(foreignStatus).toBe(403);
  });
});

describe('the proxy socket', () => {
  it('refuses unknown sessions and wrong tokens in a way the proxy acts on (it stops retrying)', async () => {
    expect(await proxyCloseCode('/proxy/nope', 'x')).toBe(PROXY_CLOSE.unknownSession);

    const { session } = (await (await t.api('POST', '/api/sessions', { name: 'guarded' })).json()) as {
      session: Session;
    };
    // The hub token is not a session token: a session never holds the hub's token, and vice versa.
    expect(await proxyCloseCode(`/proxy/${session.id}`, t.hub.token)).toBe(PROXY_CLOSE.badToken);
    const hook = await t.api('POST', `/hooks/${session.id}/claude`, { hook_event_name: 'Stop' });
    expect(hook.status).toBe(401);
  });
});
