import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../paths.js';
import { AppError } from '../errors.js';

/** Where the page loads its voice activity detector and the ONNX runtime's WebAssembly from. */
export const VOICE_ASSETS_PREFIX = '/assets/voice/';

const ORT_DIST = join(PROJECT_ROOT, 'node_modules', 'onnxruntime-web', 'dist');
const ORT_FILES = new Set([
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
  'ort-wasm-simd-threaded.jsep.mjs',
]);

/**
 * The Silero VAD model: from the models dir when it is there (SWITCHBOARD_MODELS_DIR/silero-vad/),
 * otherwise the identical file that ships inside the @ricky0123/vad-web package, so listening
 * never needs a download.
 */
export function sileroModelPath(modelsDir: string): string {
  const local = join(modelsDir, 'silero-vad', 'silero_vad.onnx');
  return existsSync(local)
    ? local
    : join(PROJECT_ROOT, 'node_modules', '@ricky0123', 'vad-web', 'dist', 'silero_vad_v6.onnx');
}

/**
 * Static files the page's audio needs, from a fixed list (no path from the request ever reaches
 * the file system). They hold no user data, and onnxruntime-web fetches its WebAssembly itself,
 * without the page's token, so they are public.
 */
export function registerVoiceAssets(app: FastifyInstance, modelsDir: string): void {
  app.get<{ Params: { file: string } }>(`${VOICE_ASSETS_PREFIX}:file`, async (request, reply) => {
    const { file } = request.params;
    let path: string;
    let type: string;
    if (file === 'silero_vad.onnx') {
      path = sileroModelPath(modelsDir);
      type = 'application/octet-stream';
    } else if (ORT_FILES.has(file)) {
      path = join(ORT_DIST, file);
      type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    } else {
      throw new AppError('not_found', `No voice asset "${file}".`);
    }
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(createReadStream(path));
  });
}
