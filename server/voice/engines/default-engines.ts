import { KokoroTts } from './kokoro-tts.js';
import type { EngineLog } from './lazy-model.js';
import { ModelStore } from './model-store.js';
import { WhisperStt } from './whisper-stt.js';

/**
 * The real engines over one shared models folder. Nothing loads here: each model loads (or
 * downloads) on its first use, so the hub starts at once and text mode works without models.
 */
export function createDefaultEngines(
  modelsDir: string,
  log: EngineLog,
  options: { whisperModel?: string } = {},
): { tts: KokoroTts; stt: WhisperStt } {
  const store = new ModelStore({ modelsDir });
  return { tts: new KokoroTts({ store, log }), stt: new WhisperStt({ store, log, model: options.whisperModel }) };
}
