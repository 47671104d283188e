import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import {
  PROXY_CLOSE,
  PROXY_PROTOCOL_VERSION,
  proxyToHubSchema,
  type HubToProxy,
} from '../../protocol/proxy.js';
import { callerOf } from '../auth/scopes.js';
import { CallMemo } from './call-memo.js';
import { RUN_ONCE, answerCall, type ProxyCallDeps } from './proxy-calls.js';

export type ProxyLinkDeps = ProxyCallDeps & {
  hubUrl: () => string;
};

/**
 * `/proxy/<sessionId>`: one WebSocket per session's MCP proxy. The proxy says hello, the hub
 * welcomes it, then each tool call is a frame answered by a `result` with the same callId.
 * The session scope checked the session's token before the upgrade (a 401 or 404 there is what
 * the proxy reads as "give up": mcp-proxy/hub-socket.ts).
 */
export function registerProxySocket(app: FastifyInstance, deps: ProxyLinkDeps): void {
  const current = new Map<string, WebSocket>();
  const memo = new CallMemo();
  deps.sessions.onChange((change) => {
    if (change.type === 'removed') memo.forget(change.id);
  });

  app.get('/proxy/:id', { websocket: true }, (socket, request) => {
    const id = callerOf(request);
    const log = request.log.child({ sessionId: id });

    const send = (frame: HubToProxy) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    let welcomed = false;

    socket.on('message', (data, isBinary) => {
      const json = isBinary ? undefined : safeJson(data.toString());
      const parsed = proxyToHubSchema.safeParse(json);
      if (!parsed.success) {
        // With its callId, the proxy answers the call at once instead of waiting for a result.
        send({
          type: 'error',
          ...callIdOf(json),
          code: 'bad_frame',
          message: 'Frame is not a valid proxy message.',
        });
        return;
      }
      const frame = parsed.data;
      if (frame.type === 'hello') {
        if (frame.protocolVersion !== PROXY_PROTOCOL_VERSION) {
          socket.close(PROXY_CLOSE.protocolMismatch, `hub speaks protocol ${PROXY_PROTOCOL_VERSION}`);
          return;
        }
        const previous = current.get(id);
        if (previous !== undefined && previous !== socket) previous.close(PROXY_CLOSE.replaced, 'replaced');
        current.set(id, socket);
        welcomed = true;
        const session = deps.sessions.get(id);
        send({
          type: 'welcome',
          protocolVersion: PROXY_PROTOCOL_VERSION,
          session: { id, name: session.name, cwd: session.cwd, voice: session.voice, hubUrl: deps.hubUrl() },
        });
        deps.sessions.setProxyConnected(id, true);
        log.info({ pid: frame.pid }, 'proxy connected');
        return;
      }
      if (!welcomed) {
        send({ type: 'error', callId: frame.callId, code: 'no_hello', message: 'Send hello first.' });
        return;
      }
      const answer = () => answerCall(deps, id, frame, log);
      const answered = RUN_ONCE.has(frame.type) ? memo.once(id, frame.callId, answer) : answer();
      void answered.then((result) => send({ type: 'result', callId: frame.callId, ...result }));
    });

    socket.on('close', () => {
      if (current.get(id) !== socket) return;
      current.delete(id);
      deps.sessions.setProxyConnected(id, false);
      log.info('proxy disconnected');
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function callIdOf(json: unknown): { callId?: string } {
  if (typeof json !== 'object' || json === null || !('callId' in json)) return {};
  const { callId } = json;
  return typeof callId === 'string' && callId.length > 0 && callId.length <= 100 ? { callId } : {};
}
