// npm run bench:messages — messages through the real hub (its own process, as `npm start` runs
// it): concurrent senders POST to a session's inbox while a reader follows the timeline with the
// long poll. Prints sustained messages per second and send-to-receive latency, beside the same
// run against this machine's floor measured first (floor-server.mjs: the same HTTP, SQLite
// transaction and long-poll path with no product code); the targets are ratios to that floor,
// since absolute figures do not carry from one machine to the next. The last line is one JSON
// object.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { TimelineEvent } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import { waitFor } from '../../tests/support/hub-harness.js';
import { HubProcess } from '../../tests/support/hub-process.js';
import { percentile, printTable, round1 } from '../support/stats.js';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 16);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const WARM_UP = 1_000;

type Api = (method: string, path: string, body?: unknown) => Promise<Response>;
type Figures = { msgs_per_s: number; p50_ms: number; p99_ms: number };

async function main(): Promise<void> {
  const floor = await measureFloor();
  // BENCH_HUB_NODE_OPTIONS (e.g. "--import ./profiler.mjs") reaches only the hub process: for profiling it.
  const hub = await HubProcess.start(
    process.env.BENCH_HUB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_HUB_NODE_OPTIONS } : {},
  );
  try {
    const created = await hub.api('POST', '/api/sessions', { name: 'bench' });
    const { session } = (await created.json()) as { session: Session };
    await waitFor('ready', async () => {
      const s = ((await (await hub.api('GET', `/api/sessions/${session.id}`)).json()) as { session: Session })
        .session;
      return s.state === 'ready';
    });
    const measured = await measure((method, path, body) => hub.api(method, path, body), session.id);
    const result = {
      ...measured,
      floor_msgs_per_s: floor.msgs_per_s,
      floor_p50_ms: floor.p50_ms,
      floor_p99_ms: floor.p99_ms,
      throughput_ratio: round2(measured.msgs_per_s / floor.msgs_per_s),
      p99_ratio: round2(measured.p99_ms / floor.p99_ms),
      messages: MESSAGES,
      senders: SENDERS,
    };
    printTable(
      ['path', 'messages', 'senders', 'msgs/s', 'send->receive p50 ms', 'p99 ms'],
      [
        ['floor', MESSAGES, SENDERS, floor.msgs_per_s, floor.p50_ms, floor.p99_ms],
        ['hub', MESSAGES, SENDERS, result.msgs_per_s, result.p50_ms, result.p99_ms],
      ],
    );
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `targets: msgs_per_s >= 0.7 x floor (${result.throughput_ratio} x: ${met(result.throughput_ratio >= 0.7)}), ` +
        `p99 <= 1.5 x floor (${result.p99_ratio} x: ${met(result.p99_ratio <= 1.5)})`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await hub.dispose();
  }
}

/** A warm-up (JIT, SQLite page cache, keep-alive sockets), then MESSAGES measured. */
async function measure(api: Api, sessionId: string): Promise<Figures> {
  await run(api, sessionId, WARM_UP);
  const { sentAt, receivedAt, elapsedMs } = await run(api, sessionId, MESSAGES);
  const latencies = [...sentAt.entries()].map(([text, at]) => (receivedAt.get(text) ?? Number.NaN) - at);
  const lost = latencies.filter((l) => Number.isNaN(l)).length;
  if (lost > 0) throw new Error(`${lost} acknowledged messages never reached the reader`);
  return {
    msgs_per_s: Math.round((MESSAGES / elapsedMs) * 1000),
    p50_ms: round1(percentile(latencies, 50)),
    p99_ms: round1(percentile(latencies, 99)),
  };
}

/** The same senders and reader against floor-server.mjs, in its own process. */
async function measureFloor(): Promise<Figures> {
  const entry = fileURLToPath(new URL('./floor-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const base = `http://127.0.0.1:${chunk.toString().trim()}`;
    const api: Api = (method, path, body) =>
      fetch(`${base}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
    return await measure(api, 'floor');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `count` messages from SENDERS concurrent senders; the reader long-polls until it saw them all. */
async function run(api: Api, sessionId: string, count: number) {
  const sentAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  const prefix = `m${Date.now()}-`;
  const { last } = (await (await api('GET', `/api/events?session=${sessionId}&limit=1`)).json()) as {
    last: number;
  };
  let cursor = last;
  let done = false;
  const reader = (async () => {
    while (!done) {
      const response = await api(
        'GET',
        `/api/events?session=${sessionId}&since=${cursor}&waitS=5&limit=1000`,
      );
      const { events } = (await response.json()) as { events: TimelineEvent[] };
      const now = performance.now();
      for (const event of events) {
        const text = event.data.text;
        if (event.kind === 'message_in' && typeof text === 'string' && text.startsWith(prefix))
          receivedAt.set(text, now);
      }
      cursor = events.at(-1)?.id ?? cursor;
      if (receivedAt.size === count) done = true;
    }
  })();
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < count) {
      const text = `${prefix}${next++}`;
      sentAt.set(text, performance.now());
      const response = await api('POST', `/api/sessions/${sessionId}/messages`, {
        text,
        kind: 'note',
        from: 'bench',
      });
      if (response.status !== 201)
        throw new Error(`send failed: HTTP ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const elapsedMs = performance.now() - started;
  await reader;
  return { sentAt, receivedAt, elapsedMs };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
