import { createReadStream } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_TRANSCRIPT } from '../../../scripts/stand-in-models/generate.js';
import { ModelUnavailableError, type ModelState } from '../../../server/voice/engines/engine-types.js';
import { KokoroTts } from '../../../server/voice/engines/kokoro-tts.js';
import { ModelLoadError } from '../../../server/voice/engines/model-store.js';
import { WhisperStt } from '../../../server/voice/engines/whisper-stt.js';
import { outsideWrites, tempModelsDir } from './stand-in-fixture.js';

const UNREACHABLE = 'http://127.0.0.1:9/';

/** Serves a models folder the way the hub does: `/<model>/resolve/main/<file>`. */
async function fakeHub(modelsDir: string, requests: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const match = /^\/(.+)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(request.url ?? ''));
    requests.push(`${request.method} ${request.url}`);
    if (match === null) return void response.writeHead(404).end();
    const path = join(modelsDir, match[1] ?? '', match[2] ?? '');
    stat(path).then(
      (info) => {
        response.writeHead(200, { 'content-length': info.size });
        if (request.method === 'HEAD') response.end();
        else createReadStream(path).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('model files: missing, downloaded, broken', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let hubSource: Awaited<ReturnType<typeof tempModelsDir>>;
  const before = outsideWrites();

  beforeAll(async () => {
    hubSource = await tempModelsDir(true);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  afterAll(async () => {
    await hubSource.cleanup();
    expect(outsideWrites()).toEqual(before);
  });

  async function emptyDir(): Promise<string> {
    const models = await tempModelsDir(false);
    cleanups.push(models.cleanup);
    return models.dir;
  }

  it('rejects at once with ModelUnavailableError naming model, folder and `npm run models` when offline', async () => {
    const dir = await emptyDir();
    const tts = new KokoroTts({ modelsDir: dir, remoteHost: UNREACHABLE });
    const started = performance.now();
    const error: unknown = await tts
      .synthesize('Hello.', { voice: 'af_heart', speed: 1 })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('onnx-community/Kokoro-82M-v1.0-ONNX');
    expect(message).toContain(join(dir, 'onnx-community/Kokoro-82M-v1.0-ONNX'));
    expect(message).toContain('npm run models');
    expect(tts.status()).toMatchObject({ state: 'missing', message });
    expect(await readdir(dir)).toEqual([]);

    const stt = new WhisperStt({ modelsDir: dir, remoteHost: UNREACHABLE });
    await expect(stt.transcribe(new Float32Array(16_000))).rejects.toThrow(
      /Xenova\/whisper-tiny\.en.*npm run models/s,
    );
    expect(stt.status().state).toBe('missing');
  });

  it('bounds a hub that never answers by the probe timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () => new Promise((resolve) => silent.close(() => resolve()) && silent.closeAllConnections()),
    );
    const host = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const stt = new WhisperStt({
      modelsDir: await emptyDir(),
      remoteHost: host,
      probeTimeoutMs: 300,
    });
    const started = performance.now();
    await expect(stt.load()).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('downloads missing files into the models dir with progress, then loads offline from there', async () => {
    const requests: string[] = [];
    const hub = await fakeHub(hubSource.dir, requests);
    cleanups.push(() => new Promise((resolve) => hub.server.close(() => resolve())));
    const dir = await emptyDir();
    const stt = new WhisperStt({ modelsDir: dir, remoteHost: hub.url });
    const states: ModelState[] = [];
    stt.onStatus((state) => states.push(state));

    expect(await stt.transcribe(new Float32Array(16_000))).toBe(STAND_IN_TRANSCRIPT);
    const downloading = states.filter((state) => state.state === 'downloading');
    expect(downloading.length).toBeGreaterThan(1);
    const progress = downloading.map((state) => state.progress ?? -1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(states.at(-1)?.state).toBe('ready');
    expect(
      requests.some((line) => line.startsWith('GET') && line.includes('decoder_model_merged_quantized.onnx')),
    ).toBe(true);
    const files = await readdir(join(dir, 'Xenova/whisper-tiny.en/onnx'));
    expect(files.sort()).toEqual(['decoder_model_merged_quantized.onnx', 'encoder_model_quantized.onnx']);

    // The next start asks the hub nothing at all.
    requests.length = 0;
    const offline = new WhisperStt({ modelsDir: dir, remoteHost: hub.url });
    expect(await offline.transcribe(new Float32Array(16_000))).toBe(STAND_IN_TRANSCRIPT);
    expect(requests).toEqual([]);
  });

  it('reports a corrupt model file as an error that names the folder, and keeps working after', async () => {
    const models = await tempModelsDir(true);
    cleanups.push(models.cleanup);
    const onnx = join(models.dir, 'onnx-community/Kokoro-82M-v1.0-ONNX/onnx/model_quantized.onnx');
    await writeFile(onnx, 'not an onnx file');
    const tts = new KokoroTts({ modelsDir: models.dir, remoteHost: UNREACHABLE });
    const error: unknown = await tts.load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain(join(models.dir, 'onnx-community/Kokoro-82M-v1.0-ONNX'));
    expect(tts.status().state).toBe('error');

    // A later call tries again: fixed files load without a restart.
    const fresh = await tempModelsDir(true);
    cleanups.push(fresh.cleanup);
    await writeFile(
      onnx,
      await readFile(join(fresh.dir, 'onnx-community/Kokoro-82M-v1.0-ONNX/onnx/model_quantized.onnx')),
    );
    expect((await tts.synthesize('Hello.', { voice: 'af_heart', speed: 1 })).samples.length).toBeGreaterThan(
      0,
    );
    expect(tts.status().state).toBe('ready');
  });
});
