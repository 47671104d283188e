// The machine's floor for the voice round trip: the same processes and the same hops as a converse
// round trip (Claude -> proxy over stdio -> hub over WebSocket -> page and back), but with no
// product code at all: three bare Node processes passing small JSON messages, the "engines" being
// timers whose real duration is subtracted. Whatever p99 this shows is what the kernel and the
// runtime cost on this machine; the hub's overhead cannot be lower.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

const now = (): number => performance.timeOrigin + performance.now();
const TTS_MS = 150;
const STT_MS = 300;

type Role = 'hub' | 'relay' | 'client';

/** The hub: waits for `converse` from the relay, "synthesizes", talks with the page, answers. */
async function hub(): Promise<{ port: number; engineMs: number[]; close: () => void }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const engineMs: number[] = [];
  let relay: WebSocket | undefined;
  let page: WebSocket | undefined;
  const timed = (ms: number, then: () => void) => {
    const start = now();
    setTimeout(() => {
      engineMs.push(now() - start);
      then();
    }, ms);
  };
  server.on('connection', (socket, request) => {
    if (request.url === '/relay') relay = socket;
    else page = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id: number };
      if (message.type === 'converse')
        timed(TTS_MS, () => page?.send(JSON.stringify({ type: 'chunk', id: message.id })));
      else if (message.type === 'played') page?.send(JSON.stringify({ type: 'listen', id: message.id }));
      else if (message.type === 'spoke')
        timed(STT_MS, () => relay?.send(JSON.stringify({ type: 'result', id: message.id })));
    });
  });
  return { port: (server.address() as AddressInfo).port, engineMs, close: () => server.close() };
}

/** The proxy: stdin lines to the hub's socket and the hub's answers to stdout. */
function relay(port: number): void {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/relay`);
  socket.on('open', () => process.send?.('ready'));
  socket.on('message', (data) => process.stdout.write(`${String(data)}\n`));
  let buffered = '';
  process.stdin.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      socket.send(buffered.slice(0, at));
      buffered = buffered.slice(at + 1);
    }
  });
}

/** Claude and the page in one process, as in the benchmark's client: one round trip after another. */
async function client(port: number, trips: number): Promise<void> {
  const proxy = fork(import.meta.filename, ['relay', String(port)], {
    stdio: ['pipe', 'pipe', 'inherit', 'ipc'],
  });
  await once(proxy, 'message');
  const page = new WebSocket(`ws://127.0.0.1:${port}/page`);
  await once(page, 'open');
  const totals: number[] = [];
  for (let id = 0; id < trips; id++) {
    const start = now();
    const result = waitForLine(proxy);
    proxy.stdin?.write(`${JSON.stringify({ type: 'converse', id })}\n`);
    await nextMessage(page); // the chunk: playback is instant
    page.send(JSON.stringify({ type: 'played', id }));
    await nextMessage(page); // listen
    page.send(JSON.stringify({ type: 'spoke', id }));
    await result;
    totals.push(now() - start);
  }
  process.send?.(totals);
  page.close();
  proxy.kill();
}

const nextMessage = (socket: WebSocket): Promise<unknown> =>
  withDeadline(new Promise((done) => socket.once('message', (data) => done(JSON.parse(String(data))))));

function waitForLine(child: ChildProcess): Promise<string> {
  return withDeadline(
    new Promise((done) => child.stdout?.once('data', (chunk: Buffer) => done(chunk.toString('utf8')))),
  );
}

/** A lost message fails the run loudly instead of leaving it waiting forever. */
function withDeadline<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error('transport floor: a message did not arrive within 10 s')),
      10_000,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Round trips' non-timer time, in ms, first one dropped (warm-up). */
export async function measureTransportFloor(trips: number): Promise<number[]> {
  const server = await hub();
  try {
    const child = fork(import.meta.filename, ['client', String(server.port), String(trips + 1)], {
      execArgv: process.execArgv,
    });
    const exited = once(child, 'exit');
    const outcome = await Promise.race([once(child, 'message'), exited.then(() => null)]);
    if (outcome === null) throw new Error('transport floor: the client process failed');
    const [totals] = outcome as [number[]];
    await exited;
    return totals
      .map((total, i) => total - (server.engineMs[2 * i] ?? 0) - (server.engineMs[2 * i + 1] ?? 0))
      .slice(1);
  } finally {
    server.close();
  }
}

const role = process.argv[2] as Role | undefined;
if (role === 'relay') relay(Number(process.argv[3]));
if (role === 'client')
  client(Number(process.argv[3]), Number(process.argv[4])).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
