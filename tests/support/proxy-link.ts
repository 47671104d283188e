import WebSocket from 'ws';
import { PROXY_PROTOCOL_VERSION, hubToProxySchema } from '../../protocol/proxy.js';
import type { HubToProxy, ProxyToHub } from '../../protocol/proxy.js';
import type { Session } from '../../protocol/session.js';
import type { TestHub } from './hub-harness.js';

export type RawLink = {
  call(frame: Exclude<ProxyToHub, { type: 'hello' }>): Promise<HubToProxy>;
  sendRaw(text: string): void;
  /** The next frame answering `callId`. */
  answer(callId: string): Promise<HubToProxy>;
  close(): void;
};

/**
 * A bare proxy connection for `s`, with its session token, as a session's MCP proxy (or
 * anything running inside the session that read its token) would open one: hello, welcome, then
 * calls by hand. It takes over the session's proxy link (the real proxy stops for good).
 */
export async function connectAsProxy(t: TestHub, s: Session): Promise<RawLink> {
  const token = t.hub.sessions.record(s.id).proxyToken;
  const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/proxy/${s.id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const frames: HubToProxy[] = [];
  let wake = (): void => {};
  socket.on('message', (data) => {
    frames.push(hubToProxySchema.parse(JSON.parse(String(data))));
    wake();
  });
  const next = async (match: (frame: HubToProxy) => boolean): Promise<HubToProxy> => {
    for (;;) {
      const index = frames.findIndex(match);
      if (index >= 0) return frames.splice(index, 1)[0] as HubToProxy;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(
    JSON.stringify({ type: 'hello', protocolVersion: PROXY_PROTOCOL_VERSION, sessionId: s.id, pid: 1 }),
  );
  await next((frame) => frame.type === 'welcome');
  const answer = (callId: string) => next((frame) => frame.type !== 'welcome' && frame.callId === callId);
  return {
    call(frame) {
      socket.send(JSON.stringify(frame));
      return answer(frame.callId);
    },
    sendRaw: (text) => socket.send(text),
    answer,
    close: () => socket.close(),
  };
}
