// A diagnostic, not a benchmark: where the slow voice round trips of `npm run bench:voice` spend
// their time. The same round trips as its hub-overhead run, each split into the hops between its
// steps, with every garbage collection (hub, client, proxy) and every process the hub spawned
// that fell inside it.
//   npx tsx bench/voice/phases.ts          (BENCH_ROUND_TRIPS=200 by default)
import type * as ChildProcessModule from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { readWav } from '../../server/voice/engines/wav.js';
import { FixedCostStt, FixedCostTts } from '../../tests/support/fixed-cost-engines.js';
import { percentile, round1 } from '../support/stats.js';
import { runRoundTrips } from './rig.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 200);
const epoch = (t: number) => performance.timeOrigin + t;

type Span = { at: number; ms: number; what: string };

/** Garbage collections in this process (the hub's). */
const hubGcs: Span[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) as number;
    hubGcs.push({ at: epoch(entry.startTime), ms: entry.duration, what: `hub/${gcName(kind)}` });
  }
}).observe({ entryTypes: ['gc'] });

/** Processes the hub spawns (tmux), with how long the spawn call held its event loop. */
const spawns: Span[] = [];
{
  const childProcess = createRequire(import.meta.url)('node:child_process') as typeof ChildProcessModule;
  const spawn = childProcess.spawn;
  childProcess.spawn = ((...args: Parameters<typeof spawn>) => {
    const start = performance.now();
    const child = spawn(...args);
    spawns.push({ at: epoch(start), ms: performance.now() - start, what: `spawn ${String(args[0])}` });
    return child;
  }) as typeof spawn;
  syncBuiltinESMExports(); // execa's `import { spawn }` now sees the wrapper
}

/** Engine calls, so each trip's hops can be told from its engine time. */
const engineSpans: { what: 'tts' | 'stt'; start: number; end: number }[] = [];
async function timed<T>(what: 'tts' | 'stt', call: () => Promise<T>): Promise<T> {
  const start = epoch(performance.now());
  const result = await call();
  engineSpans.push({ what, start, end: epoch(performance.now()) });
  return result;
}
class TimedTts extends FixedCostTts {
  override synthesize(...args: Parameters<FixedCostTts['synthesize']>) {
    return timed('tts', () => super.synthesize(...args));
  }
}
class TimedStt extends FixedCostStt {
  override transcribe(...args: Parameters<FixedCostStt['transcribe']>) {
    return timed('stt', () => super.transcribe(...args));
  }
}

function gcName(kind: number): string {
  return (
    { 1: 'scavenge', 2: 'minor-ms', 4: 'mark-compact', 8: 'incremental', 16: 'weak' }[kind] ?? `kind${kind}`
  );
}

function answerClip(): Float32Array {
  const jfk = readWav(new Uint8Array(readFileSync(join(ROOT, '..', 'shared', 'audio', 'jfk.wav'))));
  const clip = new Float32Array(Math.round(3.5 * jfk.sampleRate));
  clip.set(jfk.samples.subarray(0, Math.round(2.5 * jfk.sampleRate)));
  return clip;
}

/** The client's and the proxy's collections, written by gc-log.mjs. */
function otherGcs(dir: string): Span[] {
  return readdirSync(dir).flatMap((file) => {
    const who = file.replace(/^\d+-/, '').replace(/\.(ts|js)\.jsonl$/, '');
    return readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { at: number; ms: number; kind: number })
      .map((gc) => ({ at: gc.at, ms: gc.ms, what: `${who}/${gcName(gc.kind)}` }));
  });
}

function summary(name: string, values: number[]): string {
  const at = (p: number) => round1(percentile(values, p));
  return `${name.padEnd(26)} p50 ${at(50)}  p90 ${at(90)}  p99 ${at(99)}  max ${round1(Math.max(...values))}`;
}

async function main(): Promise<void> {
  const gcDir = mkdtempSync(join(tmpdir(), 'sb-bench-gc-'));
  // Reaches the client through the rig's environment and the proxy through client-process.ts.
  process.env.BENCH_GC_DIR = gcDir;
  process.env.NODE_OPTIONS = `--import ${join(import.meta.dirname, 'gc-log.mjs')}`;
  const trips = await runRoundTrips({
    engines: { tts: new TimedTts(150), stt: new TimedStt('yes go ahead', 300) },
    streaming: true,
    mic: answerClip(),
    messages: Array<string>(ROUND_TRIPS + 1).fill('Shall I run the tests now?'),
    vad: 'energy',
  });
  const events = [...hubGcs, ...spawns, ...otherGcs(gcDir)];
  rmSync(gcDir, { recursive: true, force: true });

  const tts = engineSpans.filter((s) => s.what === 'tts');
  const stt = engineSpans.filter((s) => s.what === 'stt');
  const rows = trips.slice(1).map((trip, n) => {
    const i = n + 1;
    const s = trip.stamps as Record<string, number>;
    const [synth, heard] = [tts[i], stt[i]];
    if (synth === undefined || heard === undefined) throw new Error(`trip ${i} has no engine call`);
    const hops = {
      'call -> synthesis': synth.start - s.call!,
      'synthesis -> audio at page': s.firstAudio! - synth.end,
      'played -> listen_start': s.listenStart! - s.playbackDone!,
      'utterance_end -> stt': heard.start - s.utteranceEnd!,
      'stt -> result at Claude': s.result! - heard.end,
    };
    const overhead = trip.total - trip.client - (synth.end - synth.start) - (heard.end - heard.start);
    const during = events.filter((e) => e.at >= s.call! && e.at <= s.result!);
    return { overhead, hops, during };
  });

  console.log(
    summary(
      'hub overhead',
      rows.map((r) => r.overhead),
    ),
  );
  for (const hop of Object.keys(rows[0]?.hops ?? {}) as (keyof (typeof rows)[0]['hops'])[])
    console.log(
      summary(
        `  ${hop}`,
        rows.map((r) => r.hops[hop]),
      ),
    );
  console.log('\nthe slowest round trips:');
  for (const row of [...rows].sort((a, b) => b.overhead - a.overhead).slice(0, 8)) {
    const hops = Object.entries(row.hops).map(([name, ms]) => `${name.split(' ')[0]} ${round1(ms)}`);
    const during = row.during.map((e) => `${e.what} ${round1(e.ms)}`);
    console.log(
      `${round1(row.overhead)} ms: ${hops.join(', ')}${during.length > 0 ? `; ${during.join(', ')}` : ''}`,
    );
  }
  console.log('\nover the whole run:');
  for (const what of [...new Set(events.map((e) => e.what))].sort())
    console.log(
      summary(
        what,
        events.filter((e) => e.what === what).map((e) => e.ms),
      ) + `  (${events.filter((e) => e.what === what).length}x)`,
    );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
