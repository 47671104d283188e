// The benchmark's terminal viewer, in its own process (a browser is one too): asks the hub for a
// write ticket like the page does, opens the bridge, then measures keystroke echo and output
// throughput. Prints one JSON line with the raw samples.
import WebSocket from 'ws';
import type { TerminalTicket } from '../../protocol/terminal.js';

export type ClientJob = {
  url: string;
  token: string;
  sessionId: string;
  echoSamples: number;
  zeroMb: number;
  floods: number;
};
/** One flood: what the program wrote, what the socket carried, and how long until the end was on screen. */
export type Flood = { sourceBytes: number; wireBytes: number; seconds: number };
export type ClientResult = { echoMs: number[]; floods: Flood[] };

const job = JSON.parse(process.env.BENCH_JOB ?? '{}') as ClientJob;

type Waiter = { test: (chunk: Buffer) => boolean; resolve: () => void };

async function main(): Promise<void> {
  const response = await fetch(`${job.url}/api/sessions/${job.sessionId}/terminal-ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ write: true }),
  });
  const ticket = (await response.json()) as TerminalTicket;
  // The session's own size: the whole window is on this viewer's screen, as in a docked pane.
  const socket = new WebSocket(`${job.url.replace(/^http/, 'ws')}${ticket.url}&cols=200&rows=51`);
  socket.binaryType = 'nodebuffer';
  let received = 0;
  let tail = '';
  let waiter: Waiter | undefined;
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const chunk = data as Buffer;
    received += chunk.length;
    if (waiter?.test(chunk)) {
      const done = waiter;
      waiter = undefined;
      done.resolve();
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const until = (test: (chunk: Buffer) => boolean) =>
    new Promise<void>((resolve) => (waiter = { test, resolve }));
  /** Waits for `text` in the output, across chunk boundaries. */
  const untilText = (text: string) => {
    tail = '';
    return until((chunk) => {
      tail = (tail + chunk.toString('latin1')).slice(-4096);
      return tail.includes(text);
    });
  };
  const type = (text: string) => socket.send(Buffer.from(text), { binary: true });

  await sleep(300); // the attach's first full redraw
  // Echo: each key goes through the bridge, tmux and the pane's tty, whose echo comes back. Keys
  // go 10 ms apart: faster than anyone types, and past the bridge's 5 ms batching window.
  type('cat > /dev/null\r');
  await sleep(300);
  const echoMs: number[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < job.echoSamples + 50; i++) {
    const key = letters[i % letters.length] as string;
    const seen = until((chunk) => chunk.includes(key));
    const started = performance.now();
    type(key);
    await seen;
    if (i >= 50) echoMs.push(performance.now() - started); // the first 50 warm up
    await sleep(10);
    if (i % 100 === 99) {
      type('\r');
      await sleep(20);
    }
  }
  type('\x03');
  await sleep(300);

  // Throughput: a command floods the pane; the flood is through when its last line (the marker,
  // printed after it) reaches this socket.
  const floods: Flood[] = [];
  for (let run = 0; run < job.floods; run++) {
    const doneSeen = untilText(`BENCHDONE${run}`);
    const startBytes = received;
    const started = performance.now();
    type(`head -c ${job.zeroMb}000000 /dev/zero | base64; echo BENCH""DONE${run}\r`);
    await doneSeen;
    const seconds = (performance.now() - started) / 1000;
    const sourceBytes = Math.round((Math.ceil((job.zeroMb * 1e6) / 3) * 4 * 77) / 76); // 76 columns + \n
    floods.push({ sourceBytes, wireBytes: received - startBytes, seconds });
    await sleep(500);
  }
  const result: ClientResult = { echoMs, floods };
  console.log(JSON.stringify(result));
  socket.close();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
