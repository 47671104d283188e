// npm run bench:terminal — the terminal bridge through the real hub: a shell-only session in the
// hub's tmux, the real bridge (node-pty + tmux attach), and a WebSocket viewer in its own process.
// Measures output throughput to the viewer and keystroke echo latency. Prints a summary, then
// one JSON object as the last line.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Session } from '../../protocol/session.js';
import { startTestHub } from '../../tests/support/hub-harness.js';
import { percentile, printTable, round1 } from '../support/stats.js';
import type { ClientJob, ClientResult } from './client-process.js';

const CLIENT = resolve(import.meta.dirname, 'client-process.ts');
const ECHO_SAMPLES = Number(process.env.BENCH_ECHO_SAMPLES ?? 500);
/** MB of zeros, base64-encoded by the pane (x 4/3 bytes of output), per flood. */
const ZERO_MB = Number(process.env.BENCH_ZERO_MB ?? 60);
const FLOODS = Number(process.env.BENCH_FLOODS ?? 3);
const TARGET_MB_PER_S = 10;
const TARGET_ECHO_P99_MS = 15;

async function main(): Promise<void> {
  const hub = await startTestHub({ monitorIntervalMs: 1_000 }); // the hub's own default period
  try {
    const created = await hub.api('POST', '/api/sessions', {
      name: 'bench',
      command: "PS1='$ ' exec bash --norc --noprofile",
    });
    const { session } = (await created.json()) as { session: Session };
    const job: ClientJob = {
      url: hub.url,
      token: hub.hub.token,
      sessionId: session.id,
      echoSamples: ECHO_SAMPLES,
      zeroMb: ZERO_MB,
      floods: FLOODS,
    };
    const stdout = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', CLIENT],
        { env: { ...process.env, BENCH_JOB: JSON.stringify(job) }, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => (error ? fail(new Error(`${error.message}\n${err}`)) : done(out)),
      );
    });
    const line = stdout.split('\n').find((l) => l.startsWith('{'));
    if (line === undefined) throw new Error(`the client printed no result:\n${stdout}`);
    const result = JSON.parse(line) as ClientResult;

    // The median flood. Output throughput is the program's output over the time until all of it
    // was on the viewer's screen; the wire rate is what the socket carried meanwhile, a fraction:
    // tmux draws a client only the final state of what scrolled by between two screen updates.
    const flood = [...result.floods].sort((a, b) => a.seconds - b.seconds)[Math.floor(FLOODS / 2)];
    if (flood === undefined) throw new Error('no flood measured');
    const mbPerS = flood.sourceBytes / flood.seconds / 1e6;
    const wireMbPerS = flood.wireBytes / flood.seconds / 1e6;
    const p50 = percentile(result.echoMs, 50);
    const p99 = percentile(result.echoMs, 99);
    printTable(
      ['measure', 'value'],
      [
        [`output throughput to the viewer (median of ${FLOODS} floods)`, `${round1(mbPerS)} MB/s`],
        [
          `  base64 of ${ZERO_MB} MB of zeros: bytes / seconds to the last line`,
          `${flood.sourceBytes} B / ${flood.seconds.toFixed(2)} s`,
        ],
        ['  bytes the socket carried meanwhile (tmux draws what is on screen)', `${round1(wireMbPerS)} MB/s`],
        [`keystroke echo p50 (${result.echoMs.length} keys)`, `${round1(p50)} ms`],
        ['keystroke echo p99', `${round1(p99)} ms`],
        ['keystroke echo max', `${round1(Math.max(...result.echoMs))} ms`],
      ],
    );
    console.log(
      `targets: mb_per_s >= ${TARGET_MB_PER_S} (${mbPerS >= TARGET_MB_PER_S ? 'met' : 'MISSED'}), echo_p99_ms <= ${TARGET_ECHO_P99_MS} (${p99 <= TARGET_ECHO_P99_MS ? 'met' : 'MISSED'})`,
    );
    console.log(
      JSON.stringify({
        mb_per_s: round1(mbPerS),
        wire_mb_per_s: round1(wireMbPerS),
        flood_bytes: flood.sourceBytes,
        flood_seconds: Number(flood.seconds.toFixed(3)),
        floods_s: result.floods.map((f) => Number(f.seconds.toFixed(2))),
        echo_p50_ms: round1(p50),
        echo_p99_ms: round1(p99),
        echo_max_ms: round1(Math.max(...result.echoMs)),
        echo_samples: result.echoMs.length,
      }),
    );
  } finally {
    await hub.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
