import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Endpointer, type EndpointEvent } from '../../../web/audio/endpointer.js';
import { EnergyVad } from '../../../web/audio/energy-vad.js';
import { VAD_FRAME_MS, VAD_FRAME_SAMPLES, type FrameVad } from '../../../web/audio/ports.js';
import type { SileroVad } from '../../../web/audio/silero-vad.js';
import { JFK_WAV } from '../../support/audio/file-mic.js';
import { loadSileroVad } from '../../support/audio/silero-node.js';
import { readWav } from '../../../server/voice/engines/wav.js';

/** jfk.wav: "And so my fellow Americans ... for your country." from ~0.3 s to ~10.5 s of 11 s. */
const JFK_SPEECH_START_MS = 300;
const JFK_LAST_WORD_END_MS = 10_500;
const JFK_LENGTH_MS = 11_000;

type Listen = { events: EndpointEvent[]; framesSent: number; probabilities: number[] };

/** Feeds audio frame by frame through a VAD and the endpointer, as the page does while listening. */
async function listen(
  vad: FrameVad,
  samples: Float32Array,
  options = { silenceMs: 800, minUtteranceMs: 250, maxListenMs: 30_000 },
): Promise<Listen> {
  vad.reset();
  const endpointer = new Endpointer<Float32Array>(options);
  const result: Listen = { events: [], framesSent: 0, probabilities: [] };
  for (
    let i = 0;
    i + VAD_FRAME_SAMPLES <= samples.length && endpointer.phase !== 'done';
    i += VAD_FRAME_SAMPLES
  ) {
    const p = await vad.process(samples.subarray(i, i + VAD_FRAME_SAMPLES));
    result.probabilities.push(p);
    const step = endpointer.push(
      samples.subarray(i, i + VAD_FRAME_SAMPLES),
      p,
      (i / VAD_FRAME_SAMPLES) * VAD_FRAME_MS,
    );
    result.framesSent += step.send.length;
    result.events.push(...step.events);
  }
  return result;
}

function padded(samples: Float32Array, silenceMs: number): Float32Array {
  const out = new Float32Array(samples.length + (silenceMs / 1000) * 16_000);
  out.set(samples);
  return out;
}

const eventOf = <T extends EndpointEvent['type']>(l: Listen, type: T) =>
  l.events.find((e): e is Extract<EndpointEvent, { type: T }> => e.type === type);

let jfk: Float32Array;
let silero: SileroVad;

beforeAll(async () => {
  const wav = readWav(readFileSync(JFK_WAV));
  expect(wav.sampleRate).toBe(16_000);
  jfk = padded(wav.samples, 1500);
  silero = await loadSileroVad();
});

describe('SileroVad + endpointer on jfk.wav', () => {
  it('finds the speech start near 0.3 s and ends after the last word plus silenceMs', async () => {
    // silenceMs 1200: jfk pauses for ~1.05 s after "Americans" (see the next test).
    const heard = await listen(silero, jfk, { silenceMs: 1200, minUtteranceMs: 250, maxListenMs: 30_000 });
    const start = eventOf(heard, 'speech_start');
    const end = eventOf(heard, 'utterance_end');
    expect(start?.atMs).toBeGreaterThanOrEqual(JFK_SPEECH_START_MS - 100);
    expect(start?.atMs).toBeLessThanOrEqual(JFK_SPEECH_START_MS + 150);
    expect(heard.events.filter((e) => e.type === 'utterance_end')).toHaveLength(1);
    expect(end?.reason).toBe('silence');
    expect(end?.speechEndMs).toBeGreaterThanOrEqual(JFK_LAST_WORD_END_MS);
    // The recording's last ~0.1 s holds a breath/crowd sound the model half-hears; nothing later.
    expect(end?.speechEndMs).toBeLessThanOrEqual(JFK_LENGTH_MS + 100);
    // Decided on the first frame boundary at or past 1200 ms of silence.
    expect(end!.atMs - end!.speechEndMs).toBeGreaterThanOrEqual(1200);
    expect(end!.atMs - end!.speechEndMs).toBeLessThan(1200 + VAD_FRAME_MS);
    // Everything from the pre-roll to the end is streamed: the whole speech reaches the hub.
    expect(heard.framesSent * VAD_FRAME_MS).toBeGreaterThanOrEqual(end!.atMs - start!.atMs + 250);
  });

  it('with the default 800 ms, the ~1.05 s pause after "my fellow Americans" closes the utterance', async () => {
    const heard = await listen(silero, jfk);
    const end = eventOf(heard, 'utterance_end');
    expect(end?.speechEndMs).toBeGreaterThanOrEqual(2000);
    expect(end?.speechEndMs).toBeLessThanOrEqual(2400);
    expect(end!.atMs - end!.speechEndMs).toBe(800);
  });

  it('carries the recurrent state between frames: a model reset every frame hears less speech', async () => {
    const carried = await listen(silero, jfk.subarray(0, 16_000 * 3));
    const voicedCarried = carried.probabilities.filter((p) => p >= 0.5).length;
    // The same audio with the state thrown away before every frame.
    let voicedForgetful = 0;
    for (let i = 0; i + VAD_FRAME_SAMPLES <= 16_000 * 3; i += VAD_FRAME_SAMPLES) {
      silero.reset();
      if ((await silero.process(jfk.subarray(i, i + VAD_FRAME_SAMPLES))) >= 0.5) voicedForgetful++;
    }
    expect(voicedCarried).toBeGreaterThan(voicedForgetful);
  });

  it('rejects a frame of the wrong size instead of feeding the model garbage', async () => {
    await expect(silero.process(new Float32Array(480))).rejects.toThrow(/512/);
  });

  it('silence only: no_speech at maxListenMs, nothing streamed', async () => {
    const heard = await listen(silero, new Float32Array(16_000 * 6), {
      silenceMs: 800,
      minUtteranceMs: 250,
      maxListenMs: 5000,
    });
    expect(heard.events).toEqual([{ type: 'no_speech', atMs: 5024 }]);
    expect(heard.framesSent).toBe(0);
  });

  it('quiet room noise is not speech either', async () => {
    let seed = 7;
    const noise = Float32Array.from({ length: 16_000 * 4 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 0.004;
    });
    const heard = await listen(silero, noise, { silenceMs: 800, minUtteranceMs: 250, maxListenMs: 3000 });
    expect(heard.events.map((e) => e.type)).toEqual(['no_speech']);
  });
});

describe('EnergyVad (fallback) on jfk.wav', () => {
  it('finds the speech and its end too', async () => {
    const heard = await listen(new EnergyVad(), jfk, {
      silenceMs: 1200,
      minUtteranceMs: 250,
      maxListenMs: 30_000,
    });
    const start = eventOf(heard, 'speech_start');
    const end = eventOf(heard, 'utterance_end');
    expect(start?.atMs).toBeGreaterThanOrEqual(JFK_SPEECH_START_MS - 100);
    expect(start?.atMs).toBeLessThanOrEqual(JFK_SPEECH_START_MS + 200);
    expect(end?.speechEndMs).toBeGreaterThanOrEqual(JFK_LAST_WORD_END_MS - 300);
    expect(end?.speechEndMs).toBeLessThanOrEqual(JFK_LENGTH_MS + 100);
  });

  it('digital silence and a steady hum are not speech', async () => {
    const hum = Float32Array.from(
      { length: 16_000 * 4 },
      (_, i) => 0.05 * Math.sin((2 * Math.PI * 60 * i) / 16_000),
    );
    for (const audio of [new Float32Array(16_000 * 4), hum]) {
      const heard = await listen(new EnergyVad(), audio, {
        silenceMs: 800,
        minUtteranceMs: 250,
        maxListenMs: 3000,
      });
      expect(heard.events.map((e) => e.type)).toEqual(['no_speech']);
    }
  });
});
