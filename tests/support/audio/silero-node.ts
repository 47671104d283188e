import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSileroVad, type OrtLike, type SileroVad } from '../../../web/audio/silero-vad.js';

/** The Silero VAD model the page is served (byte-identical to ../shared/models/silero-vad). */
export const SILERO_MODEL_PATH = resolve(
  import.meta.dirname,
  '../../../node_modules/@ricky0123/vad-web/dist/silero_vad_v6.onnx',
);

/**
 * node: onnxruntime-node (native, ~0.1 ms a frame; comes with @huggingface/transformers).
 * web: onnxruntime-web's wasm build, the runtime the page uses (~1 ms a frame, ~0.4 s to load).
 */
export type OrtRuntime = 'node' | 'web';

/** The page's SileroVad class on an onnxruntime that runs in Node. */
export async function loadSileroVad(
  options: { runtime?: OrtRuntime; modelPath?: string } = {},
): Promise<SileroVad> {
  const model = readFileSync(options.modelPath ?? SILERO_MODEL_PATH);
  return createSileroVad(await loadOrt(options.runtime ?? 'node'), model);
}

async function loadOrt(runtime: OrtRuntime): Promise<OrtLike> {
  if (runtime === 'node') return import('onnxruntime-node');
  // onnxruntime-web's "exports" hide its types from NodeNext resolution, so this import is
  // untyped here; web/audio/vad-loader.ts checks the same module against OrtLike with its types.
  const specifier: string = 'onnxruntime-web';
  const ort = (await import(specifier)) as OrtLike & { env: { wasm: { numThreads?: number } } };
  // One thread: the VAD is tiny, and worker threads would compete with the hub on two cores.
  ort.env.wasm.numThreads = 1;
  return ort;
}
