// npm run bench:messages — messages through the real hub (its own process, as `npm start` runs
// it): concurrent senders POST to a session's inbox while a reader follows the timeline with the
// long poll. Prints sustained messages per second and send-to-receive latency; the last line is
// one JSON object.
import type { TimelineEvent } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import { waitFor } from '../../tests/support/hub-harness.js';
import { HubProcess } from '../../tests/support/hub-process.js';
import { percentile, printTable, round1 } from '../support/stats.js';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 16);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const WARM_UP = 1_000;

async function main(): Promise<void> {
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

    await run(hub, session.id, WARM_UP); // JIT, SQLite page cache, keep-alive sockets
    const { sentAt, receivedAt, elapsedMs } = await run(hub, session.id, MESSAGES);
    const latencies = [...sentAt.entries()].map(([text, at]) => (receivedAt.get(text) ?? Number.NaN) - at);
    const lost = latencies.filter((l) => Number.isNaN(l)).length;
    if (lost > 0) throw new Error(`${lost} acknowledged messages never reached the reader`);
    const result = {
      msgs_per_s: Math.round((MESSAGES / elapsedMs) * 1000),
      p50_ms: round1(percentile(latencies, 50)),
      p99_ms: round1(percentile(latencies, 99)),
      messages: MESSAGES,
      senders: SENDERS,
    };
    printTable(
      ['messages', 'senders', 'msgs/s', 'send->receive p50 ms', 'p99 ms'],
      [[MESSAGES, SENDERS, result.msgs_per_s, result.p50_ms, result.p99_ms]],
    );
    console.log(
      `targets: msgs_per_s >= 2000 (${result.msgs_per_s >= 2000 ? 'met' : 'MISSED'}), p99 <= 25 ms (${result.p99_ms <= 25 ? 'met' : 'MISSED'})`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await hub.dispose();
  }
}

/** `count` messages from SENDERS concurrent senders; the reader long-polls until it saw them all. */
async function run(hub: HubProcess, sessionId: string, count: number) {
  const sentAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  const prefix = `m${Date.now()}-`;
  const { last } = (await (await hub.api('GET', `/api/events?session=${sessionId}&limit=1`)).json()) as {
    last: number;
  };
  let cursor = last;
  let done = false;
  const reader = (async () => {
    while (!done) {
      const response = await hub.api(
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
      const response = await hub.api('POST', `/api/sessions/${sessionId}/messages`, {
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
