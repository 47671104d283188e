import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import {
  PROXY_CLOSE,
  PROXY_PROTOCOL_VERSION,
  proxyToHubSchema,
  type HubToProxy,
  type ProxyCall,
} from '../../protocol/proxy.js';
import { tokenFromRequest, tokensEqual } from '../auth/token.js';
import type { SessionService } from '../sessions/session-service.js';
import type { VoiceService } from '../voice/voice-service.js';

export type ProxyLinkDeps = {
  sessions: SessionService;
  voice: VoiceService;
  hubUrl: () => string;
};

/**
 * `/proxy/<sessionId>`: one WebSocket per session's MCP proxy. The proxy says hello, the hub
 * welcomes it, then each tool call is a frame answered by a `result` with the same callId.
 * Credentials are checked after the upgrade so the proxy gets a close code it can act on.
 */
export function registerProxySocket(app: FastifyInstance, deps: ProxyLinkDeps): void {
  const current = new Map<string, WebSocket>();

  app.get<{ Params: { id: string } }>('/proxy/:id', { websocket: true }, (socket, request) => {
    const id = request.params.id;
    const log = request.log.child({ sessionId: id });
    let record;
    try {
      record = deps.sessions.record(id);
    } catch {
      socket.close(PROXY_CLOSE.unknownSession, 'unknown session');
      return;
    }
    const given = tokenFromRequest(request.headers, request.url);
    if (given === undefined || !tokensEqual(given, record.proxyToken)) {
      socket.close(PROXY_CLOSE.badToken, 'wrong or missing session token');
      return;
    }

    const send = (frame: HubToProxy) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    let welcomed = false;

    socket.on('message', (data, isBinary) => {
      const parsed = isBinary ? undefined : proxyToHubSchema.safeParse(safeJson(data.toString()));
      if (parsed === undefined || !parsed.success) {
        send({ type: 'error', code: 'bad_frame', message: 'Frame is not a valid proxy message.' });
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
      handleCall(deps, id, frame)
        .then((text) => send({ type: 'result', callId: frame.callId, text, isError: false }))
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          send({ type: 'result', callId: frame.callId, text: message, isError: true });
        });
    });

    socket.on('close', () => {
      if (current.get(id) !== socket) return;
      current.delete(id);
      deps.sessions.setProxyConnected(id, false);
      log.info('proxy disconnected');
    });
  });
}

async function handleCall(deps: ProxyLinkDeps, id: string, call: ProxyCall): Promise<string> {
  switch (call.type) {
    case 'converse':
      return deps.voice.converse(id, {
        callId: call.callId,
        message: call.message,
        waitForResponse: call.waitForResponse,
        ...(call.voice === undefined ? {} : { voice: call.voice }),
      });
    case 'set_status':
      deps.sessions.setStatusText(id, call.text);
      return 'Status updated.';
    case 'whoami': {
      const s = deps.sessions.get(id);
      return JSON.stringify({ id: s.id, name: s.name, cwd: s.cwd, voice: s.voice, state: s.state });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
