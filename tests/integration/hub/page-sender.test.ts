// The page socket's sender on a real `ws` socket over loopback (the unit tests use a fake one):
// ws's bufferedAmount, send and ping callbacks and automatic pongs behave as the sender assumes.
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HubToBrowser } from '../../../protocol/browser.js';
import type { Session } from '../../../protocol/session.js';
import {
  DEFAULT_PAGE_LIMITS,
  PageSender,
  type PageSenderLimits,
} from '../../../server/browser/page-sender.js';
import { systemClock } from '../../../server/clock.js';
import { waitFor } from '../../support/hub-harness.js';

type ServerSide = { sender: PageSender; socket: WebSocket; closed: Promise<void>; logged: string[] };

let app: FastifyInstance | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await app?.close();
  app = undefined;
});

/** A server whose `/ws` sends through a PageSender with these limits, as browser-socket.ts does. */
async function serve(
  limits: Partial<PageSenderLimits>,
): Promise<{ url: string; next: () => Promise<ServerSide> }> {
  const server = Fastify();
  app = server;
  await server.register(websocket);
  const connected: ServerSide[] = [];
  server.get('/ws', { websocket: true }, (socket) => {
    const logged: string[] = [];
    const sender = new PageSender(socket, {
      clock: systemClock,
      limits: { ...DEFAULT_PAGE_LIMITS, ...limits },
      log: { info: (details, message) => logged.push(`${message} ${JSON.stringify(details)}`) },
    });
    socket.on('pong', () => sender.onPong());
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    void closed.then(() => sender.dispose());
    connected.push({ sender, socket, closed, logged });
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let taken = 0;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    next: () => waitFor('the server side of the socket', () => connected[taken++] ?? (taken--, undefined)),
  };
}

async function connect(
  url: string,
): Promise<{ client: WebSocket; messages: HubToBrowser[]; pings: () => number }> {
  const client = new WebSocket(url);
  clients.push(client);
  const messages: HubToBrowser[] = [];
  let pings = 0;
  client.on('message', (data, isBinary) => {
    if (!isBinary) messages.push(JSON.parse(String(data)) as HubToBrowser);
  });
  client.on('ping', () => pings++);
  client.on('error', () => {});
  await new Promise((resolve) => client.once('open', resolve));
  return { client, messages, pings: () => pings };
}

const status = (id: string, statusText: string): HubToBrowser => ({
  type: 'session_status',
  session: { id, statusText } as Session,
});

describe('the page sender on a real socket', () => {
  it('keeps a page that reads (ws answers pings by itself) and cuts one that stopped reading', async () => {
    const { url, next } = await serve({ pingIntervalMs: 50, pongTimeoutMs: 200 });
    const reader = await connect(url);
    const readerSide = await next();
    const stalled = await connect(url);
    const stalledSide = await next();
    stalled.client.pause();

    await stalledSide.closed;
    // The ping reached the kernel at once (nothing was queued ahead of it); its pong never came.
    expect(stalledSide.logged).toEqual([expect.stringMatching(/unresponsive.*no pong within 200 ms/)]);
    // A ping goes out only after the last one was answered, and an unanswered one is cut within
    // 250 ms: five pings are four pongs that came back in time.
    await waitFor('five pings answered', () => reader.pings() >= 5);
    expect(reader.client.readyState).toBe(WebSocket.OPEN);
    expect(readerSide.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a page that stopped reading once it is more than the budget behind', async () => {
    const budgetBytes = 4 * 1024 * 1024;
    const { url, next } = await serve({ budgetBytes, closeGraceMs: 200 });
    const page = await connect(url);
    const side = await next();
    page.client.pause();
    let closeCode: number | null = null;
    page.client.on('close', (code) => (closeCode = code));
    const frame = new Uint8Array(256 * 1024);
    // Loopback's kernel buffers take megabytes first; the budget counts only what they refused.
    let sent = 0;
    while (side.socket.readyState === WebSocket.OPEN && sent < 4096) {
      side.sender.sendBinary(frame);
      sent++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(side.socket.readyState).toBe(WebSocket.CLOSING);
    expect(side.socket.bufferedAmount).toBeLessThanOrEqual(budgetBytes + frame.length + 1024);
    await side.closed; // the page read nothing of the close: cut after the grace
    page.client.resume();
    await waitFor('the page sees the end', () => closeCode !== null);
    expect(closeCode).toBe(1006);
  });

  it('coalesces roster updates while the page is behind: it reads the latest of each session', async () => {
    const { url, next } = await serve({ behindBytes: 64 * 1024 });
    const page = await connect(url);
    const side = await next();
    page.client.pause();
    const frame = new Uint8Array(256 * 1024);
    // Until ws itself holds a backlog (the kernel's buffers are full), the page is not behind.
    while (side.socket.bufferedAmount <= 64 * 1024) {
      side.sender.sendBinary(frame);
      await new Promise<void>((resolve) => setImmediate(resolve)); // the kernel takes what it can
    }
    for (let i = 1; i <= 500; i++) {
      side.sender.send(status('a', `a${i}`));
      side.sender.send(status('b', `b${i}`));
    }
    page.client.resume();
    await waitFor('the latest of both', () => page.messages.length >= 2);
    expect(page.messages.map((m) => (m.type === 'session_status' ? m.session.statusText : m.type))).toEqual([
      'a500',
      'b500',
    ]);
  });
});
