import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_TRANSCRIPT } from '../../../scripts/stand-in-models/generate.js';
import type { ModelState } from '../../../server/voice/engines/engine-types.js';
import { readWav } from '../../../server/voice/engines/wav.js';
import { WhisperStt } from '../../../server/voice/engines/whisper-stt.js';
import { JFK_WAV, outsideWrites, tempModelsDir } from './stand-in-fixture.js';

describe('WhisperStt on the stand-in model, through the transformers.js pipeline', () => {
  let models: Awaited<ReturnType<typeof tempModelsDir>>;
  let stt: WhisperStt;
  const states: ModelState[] = [];
  const before = outsideWrites();

  beforeAll(async () => {
    models = await tempModelsDir(true);
    stt = new WhisperStt({
      modelsDir: models.dir,
      remoteHost: 'http://127.0.0.1:9/',
    });
    stt.onStatus((state) => states.push(state));
  });

  afterAll(async () => {
    await models.cleanup();
  });

  it('transcribes jfk.wav to the stand-in phrase', async () => {
    const wav = readWav(await readFile(JFK_WAV));
    expect(wav.sampleRate).toBe(16_000);
    const text = await stt.transcribe(wav.samples);
    expect(text).toBe(STAND_IN_TRANSCRIPT);
    expect(states.map((state) => state.state)).toEqual(['loading', 'ready']);
    expect(stt.status()).toMatchObject({ kind: 'stt', model: 'Xenova/whisper-tiny.en', state: 'ready' });
  });

  it('hears the same phrase in any audio, one transcript per call', async () => {
    expect(await stt.transcribe(new Float32Array(16_000).fill(0.02))).toBe(STAND_IN_TRANSCRIPT);
    expect(await stt.transcribe(new Float32Array(0))).toBe('');
  });

  it('cuts audio longer than 30 s into windows and still returns text', async () => {
    const text = await stt.transcribe(new Float32Array(16_000 * 45).fill(0.01));
    expect(text).toContain(STAND_IN_TRANSCRIPT);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(stt.transcribe(new Float32Array(16_000), { signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });

  it('wrote nothing outside its models dir', () => {
    expect(outsideWrites()).toEqual(before);
  });
});
