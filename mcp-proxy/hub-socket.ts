import WebSocket from 'ws';
import { PROXY_CLOSE } from '../protocol/proxy.js';

/** What the hub link needs from a WebSocket; handlers are never called synchronously from `connect`. */
export interface HubSocket {
  send(text: string): void;
  /** Closes with a close frame (the hub sees why). */
  close(code: number, reason: string): void;
  /** Drops the connection at once (a connection that never said welcome). */
  terminate(): void;
}

export interface HubSocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onError(error: Error): void;
  /** Called exactly once per socket, after a failed connect too. */
  onClose(code: number, reason: string): void;
}

export type HubSocketFactory = (url: URL, token: string, handlers: HubSocketHandlers) => HubSocket;

/**
 * A hub that refuses the upgrade with a plain HTTP status (instead of accepting and closing with a
 * PROXY_CLOSE code) means the same thing; map it so the link can stop retrying.
 */
function closeCodeForHttpStatus(status: number | undefined): number | undefined {
  if (status === 401 || status === 403) return PROXY_CLOSE.badToken;
  if (status === 404 || status === 410) return PROXY_CLOSE.unknownSession;
  return undefined;
}

/** The real socket: `ws` with the session token as a Bearer header. */
export const connectWebSocket: HubSocketFactory = (url, token, handlers) => {
  const ws = new WebSocket(url, {
    headers: { Authorization: `Bearer ${token}` },
    handshakeTimeout: 5_000,
  });
  let refused = false;
  let refusedWith: number | undefined;
  ws.on('open', () => handlers.onOpen());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return handlers.onError(new Error('ignored a binary frame from the hub'));
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    handlers.onMessage(bytes.toString('utf8'));
  });
  ws.on('unexpected-response', (_request, response) => {
    refused = true;
    refusedWith = closeCodeForHttpStatus(response.statusCode);
    handlers.onError(new Error(`hub refused the connection with HTTP ${response.statusCode ?? '?'}`));
    ws.terminate();
  });
  // After a refusal, ws reports its own abort as an error too; the refusal was already reported.
  ws.on('error', (error) => {
    if (!refused) handlers.onError(error);
  });
  ws.on('close', (code, reason) => handlers.onClose(refusedWith ?? code, reason.toString('utf8')));
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
  };
};
