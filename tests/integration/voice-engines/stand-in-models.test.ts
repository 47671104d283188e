import { AutoTokenizer } from '@huggingface/transformers';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_TRANSCRIPT } from '../../../scripts/stand-in-models/generate.js';
import { kokoroFiles, whisperFiles } from '../../../server/voice/engines/model-files.js';
import { tempModelsDir } from './stand-in-fixture.js';

const KOKORO = 'onnx-community/Kokoro-82M-v1.0-ONNX';
const WHISPER = 'Xenova/whisper-tiny.en';
const LAYERS = [0, 1, 2, 3];
const PAST_NAMES = LAYERS.flatMap((layer) =>
  ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'].map(
    (name) => `past_key_values.${layer}.${name}`,
  ),
);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

function argmax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i += 1) if ((values[offset + i] ?? 0) > (values[offset + best] ?? 0)) best = i;
  return best;
}

describe('generated stand-in models', () => {
  let models: Awaited<ReturnType<typeof tempModelsDir>>;

  beforeAll(async () => {
    models = await tempModelsDir(true);
  });

  afterAll(async () => {
    await models.cleanup();
  });

  it('have the real models’ file layout, every ONNX file well under 1 MB', async () => {
    const files = (await listFiles(models.dir)).sort();
    const expected = [
      ...kokoroFiles('q8').map((file) => `${KOKORO}/${file}`),
      ...whisperFiles('q8').map((file) => `${WHISPER}/${file}`),
      ...['special_tokens_map.json', 'vocab.json', 'merges.txt'].map((file) => `${WHISPER}/${file}`),
    ].sort();
    expect(files).toEqual(expected);
    for (const file of files.filter((name) => name.endsWith('.onnx'))) {
      expect((await stat(join(models.dir, file))).size).toBeLessThan(64 * 1024);
    }
  });

  it('Kokoro: input_ids/style/speed -> a waveform of sequence length x 600 / speed samples', async () => {
    const session = await InferenceSession.create(join(models.dir, KOKORO, 'onnx/model_quantized.onnx'));
    expect(session.inputNames).toEqual(['input_ids', 'style', 'speed']);
    expect(session.outputNames).toEqual(['waveform']);
    const run = async (tokens: number, speed: number) => {
      const { waveform } = await session.run({
        input_ids: new Tensor('int64', new BigInt64Array(tokens), [1, tokens]),
        style: new Tensor('float32', new Float32Array(256).fill(0.2), [1, 256]),
        speed: new Tensor('float32', Float32Array.of(speed), [1]),
      });
      return waveform;
    };
    const ten = await run(10, 1);
    expect(ten?.type).toBe('float32');
    expect(ten?.dims).toEqual([6000]);
    expect((await run(20, 1))?.dims).toEqual([12000]);
    expect((await run(10, 0.5))?.dims).toEqual([12000]);
    const samples = ten?.data as Float32Array;
    expect(Math.max(...samples)).toBeGreaterThan(0.25);
    // The dtypes are the real ones: float token ids are refused.
    await expect(
      session.run({
        input_ids: new Tensor('float32', new Float32Array(3), [1, 3]),
        style: new Tensor('float32', new Float32Array(256), [1, 256]),
        speed: new Tensor('float32', Float32Array.of(1), [1]),
      }),
    ).rejects.toThrow();
  });

  it('Whisper encoder: input_features [1, 80, 3000] -> last_hidden_state [1, 1500, 384]', async () => {
    const session = await InferenceSession.create(
      join(models.dir, WHISPER, 'onnx/encoder_model_quantized.onnx'),
    );
    expect(session.inputNames).toEqual(['input_features']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
    const { last_hidden_state } = await session.run({
      input_features: new Tensor('float32', new Float32Array(80 * 3000).fill(0.5), [1, 80, 3000]),
    });
    expect(last_hidden_state?.dims).toEqual([1, 1500, 384]);
  });

  it('Whisper merged decoder: real inputs and outputs, greedy steps spell the phrase, caches grow', async () => {
    const session = await InferenceSession.create(
      join(models.dir, WHISPER, 'onnx/decoder_model_merged_quantized.onnx'),
    );
    expect(session.inputNames).toEqual([
      'input_ids',
      'encoder_hidden_states',
      ...PAST_NAMES,
      'use_cache_branch',
    ]);
    expect(session.outputNames).toEqual([
      'logits',
      ...PAST_NAMES.map((name) => name.replace('past_key_values', 'present')),
    ]);

    const encoder = new Tensor('float32', new Float32Array(1500 * 384), [1, 1500, 384]);
    let past: Record<string, Tensor> = Object.fromEntries(
      PAST_NAMES.map((name) => [name, new Tensor('float32', new Float32Array(0), [1, 6, 0, 64])]),
    );
    let ids = [50257n, 50362n];
    const generated: number[] = [];
    for (let step = 0; step < 20; step += 1) {
      const out = await session.run({
        input_ids: new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
        encoder_hidden_states: encoder,
        ...past,
        use_cache_branch: new Tensor('bool', Uint8Array.of(step === 0 ? 0 : 1), [1]),
      });
      const logits = out.logits;
      expect(logits?.dims).toEqual([1, ids.length, 51864]);
      const next = argmax(logits?.data as Float32Array, (ids.length - 1) * 51864, 51864);
      expect(out['present.3.decoder.value']?.dims).toEqual([1, 6, step === 0 ? 2 : step + 2, 64]);
      expect(out['present.0.encoder.key']?.dims).toEqual([1, 6, 1500, 64]);
      past = Object.fromEntries(
        PAST_NAMES.map((name) => [name, out[name.replace('past_key_values', 'present')] as Tensor]),
      );
      ids = [BigInt(next)];
      if (next === 50256) break;
      generated.push(next);
    }
    const tokenizer = await AutoTokenizer.from_pretrained(join(models.dir, WHISPER));
    expect(tokenizer.decode(generated).trim()).toBe(STAND_IN_TRANSCRIPT);
  });
});
