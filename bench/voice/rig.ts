import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SttEngine, TtsEngine } from '../../server/voice/engines/engine-types.js';
import { startBenchHub } from './bench-hub.js';
import type { ClientJob, RoundTrip } from './client-process.js';

export type { RoundTrip };

const CLIENT = resolve(import.meta.dirname, 'client-process.ts');
/**
 * The client stands in for Claude Code and a browser, each of which has its own heap and
 * collector in real use. A roomy young generation and a collector that stays on its own thread
 * keep the stand-in's garbage collection off the two cores the hub needs, so its pauses are not
 * counted as the hub's overhead. The hub runs with Node's defaults.
 */
const CLIENT_NODE_ARGS = ['--max-semi-space-size=64', '--single-threaded-gc', '--import', 'tsx'];

/**
 * Runs converse round trips: the hub here, Claude and the page in a child process (as in real
 * use, their work does not share the hub's event loop). The first message is a warm-up.
 */
export async function runRoundTrips(options: {
  engines: { tts: TtsEngine; stt: SttEngine };
  streaming: boolean;
  mic: Float32Array;
  messages: string[];
  vad?: 'silero' | 'energy';
}): Promise<RoundTrip[]> {
  const bench = await startBenchHub(options.engines, options.streaming);
  const scratch = mkdtempSync(join(tmpdir(), 'sb-bench-job-'));
  try {
    const job: ClientJob = {
      url: bench.url,
      token: bench.token,
      proxy: bench.proxy,
      mic: Buffer.from(options.mic.buffer, options.mic.byteOffset, options.mic.byteLength).toString('base64'),
      messages: options.messages,
      vad: options.vad ?? 'silero',
    };
    const jobFile = join(scratch, 'job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    const stdout = await new Promise<string>((done, fail) => {
      const env = { ...process.env, BENCH_JOB_FILE: jobFile };
      execFile(
        process.execPath,
        [...CLIENT_NODE_ARGS, CLIENT],
        { env, maxBuffer: 64 * 1024 * 1024 },
        (error, out, err) => (error ? fail(new Error(`${error.message}\n${err}`)) : done(out)),
      );
    });
    return stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as RoundTrip);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await bench.hub.dispose();
  }
}
