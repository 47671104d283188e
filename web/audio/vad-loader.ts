import type * as OrtWeb from 'onnxruntime-web';
import { EnergyVad } from './energy-vad.js';
import type { DebugHook, FrameVad } from './ports.js';
import { createSileroVad } from './silero-vad.js';

/**
 * The page's VAD: Silero on onnxruntime-web when the model loads, the energy detector when it
 * does not (no WebAssembly, the hub cannot serve the model...). Listening works either way.
 * Browser-only; the page passes the ort module it imported and configured (wasm paths).
 */
export async function loadPageVad(options: {
  ort: typeof OrtWeb;
  /** Where the hub serves silero_vad.onnx. */
  modelUrl: string;
  fetch?: (url: string) => Promise<Response>;
  debug?: DebugHook;
}): Promise<FrameVad> {
  const fetchModel = options.fetch ?? ((url: string) => fetch(url));
  try {
    const response = await fetchModel(options.modelUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${options.modelUrl}`);
    const vad = await createSileroVad(options.ort, new Uint8Array(await response.arrayBuffer()));
    // One silent frame proves the session runs before the page relies on it.
    await vad.process(new Float32Array(512));
    vad.reset();
    return vad;
  } catch (error) {
    options.debug?.('Silero VAD unavailable; using the energy detector', error);
    return new EnergyVad();
  }
}
