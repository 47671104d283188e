// The benchmark's other side, in its own process like a real browser and a real Claude: an MCP
// client that starts the session's proxy and calls converse, and a scripted page (its own VAD on
// a WAV microphone). Reads its job from the JSON file BENCH_JOB_FILE, prints one JSON line per round trip.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { epochNow } from '../../tests/support/audio/turn-recorder.js';
import { ScriptedBrowser } from '../../tests/support/scripted-browser.js';
import type { ProxySpec } from './bench-hub.js';

export type ClientJob = {
  url: string;
  token: string;
  proxy: ProxySpec;
  /** The person's answer: float32 samples at 16 kHz, base64. */
  mic: string;
  messages: string[];
  vad: 'silero' | 'energy';
};

/** One converse round trip as the two clients saw it, in ms. */
export type RoundTrip = {
  total: number;
  /** converse call -> first speech frame at the page. */
  ttfa: number;
  /** the page's utterance_end -> the converse result at the MCP client. */
  eosToResult: number;
  /** Time the page held the ball: playing (instant here) and listening to its microphone. */
  client: number;
  chunkTexts: string[];
  result: string;
  /** Epoch ms of each step, for finding where a slow trip spent its time. */
  stamps: Record<string, number | null>;
};

/** phases.ts's garbage-collection log reaches the proxy too (its env is otherwise the session's). */
function diagnosticEnv(): Record<string, string> {
  const { NODE_OPTIONS, BENCH_GC_DIR } = process.env;
  return NODE_OPTIONS === undefined || BENCH_GC_DIR === undefined ? {} : { NODE_OPTIONS, BENCH_GC_DIR };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.env.BENCH_JOB_FILE ?? '', 'utf8')) as ClientJob;
  const micBytes = Buffer.from(job.mic, 'base64');
  const mic = new Float32Array(micBytes.buffer, micBytes.byteOffset, micBytes.byteLength / 4);
  const claude = new Client({ name: 'bench-claude', version: '1.0.0' });
  await claude.connect(
    new StdioClientTransport({
      command: job.proxy.command,
      args: job.proxy.args,
      env: { ...job.proxy.env, PATH: process.env.PATH ?? '', ...diagnosticEnv() },
      stderr: 'ignore',
    }),
  );
  const page = await ScriptedBrowser.connect({
    url: job.url,
    token: job.token,
    playback: 'instant',
    micPace: 'fast',
    mic: { samples: mic, sampleRate: 16_000 },
    vad: job.vad,
  });
  for (const message of job.messages) {
    const startedAt = epochNow();
    const call = claude.callTool({ name: 'converse', arguments: { message } }, undefined, {
      timeout: 120_000,
    });
    const started = await page.nextTurn(60_000);
    const response = await call;
    const endedAt = epochNow();
    const turn = page.turn(started.turnId);
    const heardEnd = turn.utteranceEndAt ?? turn.noSpeechAt ?? endedAt;
    const trip: RoundTrip = {
      total: endedAt - startedAt,
      ttfa: Math.min(...turn.chunks.map((c) => c.audioAt ?? Number.POSITIVE_INFINITY)) - startedAt,
      eosToResult: endedAt - heardEnd,
      client:
        (turn.playbackDoneAt ?? 0) -
        (turn.speakEnd?.at ?? 0) +
        (heardEnd - (turn.listenStart?.at ?? heardEnd)),
      chunkTexts: turn.chunks.map((c) => c.text ?? ''),
      result: (response.content as { text?: string }[])[0]?.text ?? '',
      stamps: {
        call: startedAt,
        speakStart: turn.startedAt,
        firstAudio: turn.chunks[0]?.audioAt ?? null,
        speakEnd: turn.speakEnd?.at ?? null,
        playbackDone: turn.playbackDoneAt,
        listenStart: turn.listenStart?.at ?? null,
        micFirst: turn.mic.firstAt,
        micLast: turn.mic.lastAt,
        utteranceEnd: turn.utteranceEndAt,
        result: endedAt,
      },
    };
    process.stdout.write(`${JSON.stringify(trip)}\n`);
  }
  await page.close();
  await claude.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench client failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
