import { KokoroTTS } from 'kokoro-js';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelState } from '../../../server/voice/engines/engine-types.js';
import { KokoroTts } from '../../../server/voice/engines/kokoro-tts.js';
import { outsideWrites, tempModelsDir } from './stand-in-fixture.js';

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(samples.length, 1));
}

describe('KokoroTts on the stand-in model, through kokoro-js', () => {
  let models: Awaited<ReturnType<typeof tempModelsDir>>;
  let tts: KokoroTts;
  const states: ModelState[] = [];
  const before = outsideWrites();

  beforeAll(async () => {
    models = await tempModelsDir(true);
    // An unreachable hub: a load that wanted the network would fail instead of passing by luck.
    tts = new KokoroTts({
      modelsDir: models.dir,
      remoteHost: 'http://127.0.0.1:9/',
    });
    tts.onStatus((state) => states.push(state));
  });

  afterAll(async () => {
    await models.cleanup();
  });

  it('loads once for concurrent first calls and reports loading then ready', async () => {
    expect(tts.status().state).toBe('not_loaded');
    const results = await Promise.all([
      tts.synthesize('One.', { voice: 'af_heart', speed: 1 }),
      tts.synthesize('Two.', { voice: 'am_adam', speed: 1 }),
    ]);
    expect(results.every((audio) => audio.samples.length > 0)).toBe(true);
    expect(states.map((state) => state.state)).toEqual(['loading', 'ready']);
    expect(tts.status()).toMatchObject({
      kind: 'tts',
      model: 'onnx-community/Kokoro-82M-v1.0-ONNX',
      state: 'ready',
    });
  });

  it('returns 24 kHz audio whose length follows the text, and audible', async () => {
    const short = await tts.synthesize('Hello.', { voice: 'af_heart', speed: 1 });
    const long = await tts.synthesize(
      'Hello there, this sentence is quite a lot longer than the first one.',
      {
        voice: 'af_heart',
        speed: 1,
      },
    );
    expect(short.sampleRate).toBe(24_000);
    expect(tts.sampleRate).toBe(24_000);
    expect(long.samples.length).toBeGreaterThan(short.samples.length * 3);
    expect(rms(long.samples)).toBeGreaterThan(0.1);
  });

  it('speaks faster at a higher speed', async () => {
    const text = 'The build finished without errors.';
    const normal = await tts.synthesize(text, { voice: 'bf_emma', speed: 1 });
    const fast = await tts.synthesize(text, { voice: 'bf_emma', speed: 2 });
    expect(fast.samples.length).toBeCloseTo(normal.samples.length / 2, -1);
  });

  it('lists every voice kokoro-js offers, and each one synthesizes', async () => {
    const voices = await tts.voices();
    expect(voices.map((voice) => voice.id).sort()).toEqual(Object.keys(KokoroTTS.prototype.voices).sort());
    expect(voices.find((voice) => voice.id === 'af_heart')).toEqual({
      id: 'af_heart',
      name: 'Heart',
      language: 'en-us',
      gender: 'female',
    });
    expect(voices.find((voice) => voice.id === 'bm_george')).toMatchObject({
      language: 'en-gb',
      gender: 'male',
    });
    // Each listed voice has its style file in the package, which kokoro-js reads for every call.
    const voiceDir = join(dirname(dirname(createRequire(import.meta.url).resolve('kokoro-js'))), 'voices');
    const files = readdirSync(voiceDir);
    for (const voice of voices) {
      expect(files).toContain(`${voice.id}.bin`);
      const audio = await tts.synthesize('Hi.', { voice: voice.id, speed: 1 });
      expect(audio.samples.length).toBeGreaterThan(0);
    }
  });

  it('rejects an unknown voice with a message naming it', async () => {
    await expect(tts.synthesize('Hello.', { voice: 'xx_nobody', speed: 1 })).rejects.toThrow(/"xx_nobody"/);
  });

  it('rejects a speed outside what Kokoro supports', async () => {
    await expect(tts.synthesize('Hello.', { voice: 'af_heart', speed: 0 })).rejects.toThrow(RangeError);
  });

  it('returns empty audio for blank text and honours an aborted signal', async () => {
    expect((await tts.synthesize('  ', { voice: 'af_heart', speed: 1 })).samples.length).toBe(0);
    const controller = new AbortController();
    controller.abort();
    await expect(
      tts.synthesize('Hello.', { voice: 'af_heart', speed: 1, signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });

  it('wrote nothing outside its models dir', () => {
    expect(outsideWrites()).toEqual(before);
  });
});
