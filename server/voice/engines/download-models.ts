import { loadConfig } from '../../config.js';
import { KokoroTts } from './kokoro-tts.js';
import { downloadModels } from './model-downloader.js';
import { WhisperStt } from './whisper-stt.js';
import { runMain } from '../../cli/run-main.js';

/**
 * `npm run models`: downloads the default Kokoro and Whisper models into SWITCHBOARD_MODELS_DIR
 * (`<project>/models` by default) and loads each once to check it. Exits 1 when one cannot be had.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const { modelsDir } = config;
  process.stdout.write(`Speech models folder: ${modelsDir}\n`);
  return downloadModels([new KokoroTts({ modelsDir }), new WhisperStt({ modelsDir })], process.stdout);
}

runMain(main);
