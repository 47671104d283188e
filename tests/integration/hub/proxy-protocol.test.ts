import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_CLOSE, PROXY_PROTOCOL_VERSION } from '../../../protocol/proxy.js';
import type { Session } from '../../../protocol/session.js';
import { spawnReady, startTestHub, type TestHub } from '../../support/hub-harness.js';

/**
 * A proxy from another Switchboard version (a session started before an upgrade) must not be
 * half understood: the hub closes its socket with protocolMismatch (the proxy then stops and
 * tells the model to restart the session: tests/unit/mcp-proxy/hub-link.test.ts), and the
 * session's working proxy link is left as it was.
 */
describe('a proxy that speaks another protocol version', () => {
  let t: TestHub;
  let session: Session;

  beforeAll(async () => {
    t = await startTestHub();
    session = await spawnReady(t, 'versions');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('is closed with protocolMismatch naming the hub version, and does not take over the link', async () => {
    const token = t.hub.sessions.record(session.id).proxyToken;
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/proxy/${session.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(String(data)));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.send(
      JSON.stringify({
        type: 'hello',
        protocolVersion: PROXY_PROTOCOL_VERSION + 1,
        sessionId: session.id,
        pid: 1,
      }),
    );

    expect(await closed).toEqual({
      code: PROXY_CLOSE.protocolMismatch,
      reason: `hub speaks protocol ${PROXY_PROTOCOL_VERSION}`,
    });
    expect(frames).toEqual([]); // no welcome
    // The session's own proxy was not replaced: it is still connected, and answers through the hub.
    const { session: after } = (await (await t.api('GET', `/api/sessions/${session.id}`)).json()) as {
      session: Session;
    };
    expect(after.proxyConnected).toBe(true);
  });
});
