import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { PROXY_CLOSE, PROXY_PROTOCOL_VERSION, proxyToHubSchema } from '../../../../protocol/proxy.js';
import type { HubToProxy, ProxyToHub } from '../../../../protocol/proxy.js';
import { FakePermissions } from './fake-permissions.js';

export interface ReceivedFrame {
  /** 1 for the first proxy connection, 2 for the next, … */
  connection: number;
  frame: ProxyToHub;
}

export interface HookRequest {
  sessionId: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export interface FakeHubOptions {
  sessionId: string;
  token: string;
  /** Listen on this port (a restart of a hub that was stopped); 0 picks a free one. */
  port?: number;
  /** Refuse the WebSocket upgrade with this HTTP status instead of accepting it. */
  refuseUpgradeWith?: number;
  /** Status for `POST /hooks/<id>/claude`; 200 unless told. */
  hookStatus?: number;
  /** Its body: the hook's output for Claude Code; `{}` (nothing to say) unless told. */
  hookAnswer?: string;
  /** The permission requests of a hub that was stopped: a restarted hub still knows them. */
  permissions?: FakePermissions;
}

/**
 * A stand-in for the hub that speaks protocol/proxy.ts over a real WebSocket and takes hook
 * reports and permission requests over real HTTP, like the hub does: unknown session -> close 4404,
 * wrong token -> 4401, hello -> welcome. Calls are recorded and answered by the test.
 */
export class FakeHub {
  readonly frames: ReceivedFrame[] = [];
  readonly hookRequests: HookRequest[] = [];
  readonly closeCodes: number[] = [];
  /** The permission endpoints, `/hooks/<id>/permission…`. */
  readonly permissions: FakePermissions;
  /** What to do with a hello: welcome it, ignore it, or close with a code. */
  onHello: 'welcome' | 'ignore' | { closeWith: number } = 'welcome';
  connections = 0;
  readonly #options: FakeHubOptions;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  #current: WebSocket | undefined;
  readonly #waiters = new Set<() => void>();

  private constructor(options: FakeHubOptions) {
    this.#options = options;
    this.permissions = options.permissions ?? new FakePermissions(options.sessionId, options.token);
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server = createServer((request, response) => void this.#onHttp(request, response));
    this.#server.on('upgrade', (request, socket, head) => {
      if (options.refuseUpgradeWith !== undefined) {
        socket.end(
          `HTTP/1.1 ${options.refuseUpgradeWith} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onSocket(ws, request));
    });
  }

  static async start(options: FakeHubOptions): Promise<FakeHub> {
    const hub = new FakeHub(options);
    hub.#server.listen(options.port ?? 0, '127.0.0.1');
    await once(hub.#server, 'listening');
    return hub;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Frames of one kind, in arrival order. */
  framesOfType<T extends ProxyToHub['type']>(type: T): Array<ReceivedFrame & { frame: { type: T } }> {
    return this.frames.filter((f): f is ReceivedFrame & { frame: { type: T } } => f.frame.type === type);
  }

  /** Resolves once `check` returns something other than undefined (checked after every event). */
  async waitFor<T>(check: () => T | undefined): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      await new Promise<void>((resolve) => this.#waiters.add(resolve));
    }
  }

  /** The `n`-th (1-based) call frame of `type` to arrive. */
  waitForCall<T extends Exclude<ProxyToHub['type'], 'hello'>>(type: T, n = 1) {
    return this.waitFor(() => this.framesOfType(type)[n - 1]);
  }

  send(frame: HubToProxy | Record<string, unknown> | string): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.#current?.send(text);
  }

  answer(callId: string, text: string, isError = false): void {
    this.send({ type: 'result', callId, text, isError });
  }

  /** Cuts every proxy connection without a close frame, as a crashing hub would. */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  /** Stops listening and drops every connection; the port is free again afterwards. */
  async stop(): Promise<void> {
    this.dropConnections();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#wss.close();
  }

  #notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  #onSocket(ws: WebSocket, request: IncomingMessage): void {
    this.connections += 1;
    const connection = this.connections;
    this.#sockets.add(ws);
    ws.on('close', (code) => {
      this.#sockets.delete(ws);
      this.closeCodes.push(code);
      this.#notify();
    });
    const match = /^\/proxy\/([^/?]+)/.exec(request.url ?? '');
    if (decodeURIComponent(match?.[1] ?? '') !== this.#options.sessionId) {
      ws.close(PROXY_CLOSE.unknownSession, 'unknown session');
      this.#notify();
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.#options.token}`) {
      ws.close(PROXY_CLOSE.badToken, 'wrong or missing session token');
      this.#notify();
      return;
    }
    this.#current = ws;
    ws.on('message', (data) => {
      const parsed = proxyToHubSchema.safeParse(JSON.parse(String(data)));
      if (!parsed.success) throw new Error(`FakeHub: the proxy sent an invalid frame: ${String(data)}`);
      this.frames.push({ connection, frame: parsed.data });
      if (parsed.data.type === 'hello') this.#onHello(ws);
      this.#notify();
    });
    this.#notify();
  }

  #onHello(ws: WebSocket): void {
    const behaviour = this.onHello;
    if (behaviour === 'ignore') return;
    if (behaviour !== 'welcome') {
      ws.close(behaviour.closeWith, 'told to');
      return;
    }
    const welcome: HubToProxy = {
      type: 'welcome',
      protocolVersion: PROXY_PROTOCOL_VERSION,
      session: {
        id: this.#options.sessionId,
        name: 'alpha',
        cwd: '/tmp/alpha',
        voice: 'af_heart',
        hubUrl: this.url,
      },
    };
    ws.send(JSON.stringify(welcome));
  }

  async #onHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (this.permissions.handle(request, response, Buffer.concat(chunks).toString('utf8'))) return;
    const match = /^\/hooks\/([^/?]+)\/claude$/.exec(request.url ?? '');
    if (request.method !== 'POST' || match?.[1] === undefined) {
      response.writeHead(404).end();
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    this.hookRequests.push({
      sessionId: decodeURIComponent(match[1]),
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    });
    response
      .writeHead(this.#options.hookStatus ?? 200, { 'content-type': 'application/json' })
      .end(this.#options.hookAnswer ?? '{}');
    this.#notify();
  }
}

/** A loopback port where nothing listens (a hub that is down). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
