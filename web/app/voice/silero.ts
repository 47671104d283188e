import type { FrameVad } from '../../audio/ports.js';
import { loadPageVad } from '../../audio/vad-loader.js';
import type { PageLog } from '../log.js';

/** Where the hub serves the VAD model and onnxruntime-web's WebAssembly (server/voice/voice-assets.ts). */
export const VOICE_ASSETS = '/assets/voice/';

/**
 * Loads Silero VAD on onnxruntime-web (its own chunk, fetched only once audio is on). Resolves
 * null when it cannot (no WebAssembly, the model missing): the energy detector stays in use.
 */
export async function loadSileroInBackground(log: PageLog): Promise<FrameVad | null> {
  try {
    const ort = await import('onnxruntime-web/wasm');
    ort.env.wasm.wasmPaths = VOICE_ASSETS;
    // Threads need cross-origin isolation, which the hub's page does not have; one is plenty.
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    const vad = await loadPageVad({ ort, modelUrl: `${VOICE_ASSETS}silero_vad.onnx`, debug: log.debug });
    log.debug(`voice activity detection: ${vad.name}`);
    return vad.name === 'silero' ? vad : null;
  } catch (error) {
    log.debug('onnxruntime-web did not load; keeping the energy detector', error);
    return null;
  }
}
