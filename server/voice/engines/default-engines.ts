import { KokoroTts } from './kokoro-tts.js';
import type { EngineLog } from './lazy-model.js';
import { WhisperStt } from './whisper-stt.js';

/**
 * The real engines over the one models folder they share. Nothing loads here: each model loads (or
 * downloads) on its first use, so the hub starts at once and text mode works without models.
 */
export function createDefaultEngines(
  modelsDir: string,
  log: EngineLog,
  options: { whisperModel?: string } = {},
): { tts: KokoroTts; stt: WhisperStt } {
  return {
    tts: new KokoroTts({ modelsDir, log }),
    stt: new WhisperStt({ modelsDir, log, model: options.whisperModel }),
  };
}
