import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { readWav } from '../../../server/voice/engines/wav.js';
import {
  VAD_FRAME_MS,
  VAD_FRAME_SAMPLES,
  VAD_SAMPLE_RATE,
  type MicSource,
} from '../../../web/audio/ports.js';
import { resample } from '../../../web/audio/resample.js';

/** 11 s of a real speaker, 16 kHz mono 16-bit: speech from ~0.3 s to ~10.5 s (../shared/audio). */
export const JFK_WAV = resolve(import.meta.dirname, '../../../../shared/audio/jfk.wav');

/**
 * What the scripted microphone hears: a recording (16-bit PCM or float WAV, any rate and channel
 * count, read by the hub's own WAV reader and converted to 16 kHz mono) then silence.
 */
export type MicInput = { wav: string } | { samples: Float32Array; sampleRate?: number } | { silence: true };

/**
 * realtime: one 32 ms chunk every 32 ms, like a real microphone (for timings).
 * fast: as fast as the listener takes them (it waits for each chunk's VAD), for quick tests.
 */
export type MicPace = 'realtime' | 'fast';

export function micSamples(input: MicInput): Float32Array {
  if ('silence' in input) return new Float32Array(0);
  const { samples, sampleRate } =
    'wav' in input ? readWav(readFileSync(input.wav)) : { sampleRate: VAD_SAMPLE_RATE, ...input };
  return sampleRate === VAD_SAMPLE_RATE ? samples : resample(samples, sampleRate, VAD_SAMPLE_RATE);
}

/** A MicSource fed from memory: the input, then endless silence until stopped (a mic never ends). */
export class FileMic implements MicSource {
  private run: { stopped: boolean } | null = null;
  /** Epoch ms at which the current run started delivering (its audio time 0). */
  startedAt: number | null = null;
  /** Every chunk of the current run so far came in real time: audio time maps to wall time. */
  realtimeSoFar = true;

  constructor(
    private readonly input: () => Float32Array,
    private readonly pace: () => MicPace,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The microphone is open (between start and stop). */
  get running(): boolean {
    return this.run !== null;
  }

  start(onAudio: (samples: Float32Array) => void | Promise<void>): Promise<void> {
    this.stop();
    const run = { stopped: false };
    this.run = run;
    this.feed(run, this.input(), onAudio).catch(this.onError);
    return Promise.resolve();
  }

  stop(): void {
    if (this.run !== null) this.run.stopped = true;
    this.run = null;
  }

  private async feed(
    run: { stopped: boolean },
    samples: Float32Array,
    onAudio: (samples: Float32Array) => void | Promise<void>,
  ): Promise<void> {
    const t0 = performance.now();
    this.startedAt = performance.timeOrigin + t0;
    this.realtimeSoFar = true;
    for (let n = 0; !run.stopped; n++) {
      const chunk = new Float32Array(VAD_FRAME_SAMPLES);
      const at = n * VAD_FRAME_SAMPLES;
      if (at < samples.length) chunk.set(samples.subarray(at, at + VAD_FRAME_SAMPLES));
      if (this.pace() === 'realtime') {
        // Deliver each chunk when its last sample would have been spoken; no drift over a long run.
        const due = t0 + (n + 1) * VAD_FRAME_MS - performance.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
        if (run.stopped) return;
        Promise.resolve(onAudio(chunk)).catch(this.onError);
      } else {
        this.realtimeSoFar = false;
        await onAudio(chunk);
        await yieldToEvents(); // let the hub's messages (listen_stop...) in between chunks
      }
    }
  }
}
