import type { KokoroTTS } from 'kokoro-js';
import type { Audio, ModelState, TtsEngine, VoiceInfo } from './engine-types.js';
import { type EngineLog, LazyModel, silentLog } from './lazy-model.js';
import { DEFAULT_KOKORO_MODEL, type OnnxDtype, kokoroFiles } from './model-files.js';
import { ModelStore, type ModelStoreOptions } from './model-store.js';

export const KOKORO_SAMPLE_RATE = 24_000;
/** The speeds Kokoro is made for; outside them speech turns to mush or drags. */
export const KOKORO_SPEED_RANGE = { min: 0.5, max: 2 } as const;

/** The first letter of a Kokoro voice id is its language (hexgrad/Kokoro-82M VOICES.md). */
const LANGUAGE_BY_PREFIX: Record<string, string> = {
  a: 'en-us',
  b: 'en-gb',
  e: 'es',
  f: 'fr-fr',
  h: 'hi',
  i: 'it',
  j: 'ja',
  p: 'pt-br',
  z: 'zh',
};

/** `modelsDir` and the download settings, plus what to load. */
export type KokoroTtsOptions = ModelStoreOptions & {
  model?: string;
  /** q8 by default: `onnx/model_quantized.onnx`, about 92 MB. */
  dtype?: OnnxDtype;
  log?: EngineLog;
};

/**
 * kokoro-js (and transformers.js under it) is imported on first use, not at hub start: a hub used
 * only as text never pays its start-up time and memory, and a smaller heap keeps GC pauses short.
 */
const loadKokoroJs = () => import('kokoro-js');

/** Every voice kokoro-js offers, described from its id (`af_heart`: American English, female). */
export async function kokoroVoices(): Promise<VoiceInfo[]> {
  const { KokoroTTS } = await loadKokoroJs();
  // kokoro-js exposes its voice table only through this getter, which does not use the instance.
  const table: Readonly<Record<string, { name: string }>> = KokoroTTS.prototype.voices;
  return Object.entries(table).map(([id, voice]) => ({
    id,
    name: voice.name,
    language: LANGUAGE_BY_PREFIX[id.charAt(0)] ?? 'unknown',
    gender: id.charAt(1) === 'f' ? 'female' : id.charAt(1) === 'm' ? 'male' : 'unknown',
  }));
}

/** Speech synthesis with Kokoro-82M through kokoro-js, on the CPU, loaded on first use. */
export class KokoroTts implements TtsEngine {
  readonly kind = 'tts';
  readonly sampleRate = KOKORO_SAMPLE_RATE;
  private readonly model: LazyModel<KokoroTTS>;
  private voiceList: Promise<VoiceInfo[]> | undefined;

  constructor(options: KokoroTtsOptions) {
    const model = options.model ?? DEFAULT_KOKORO_MODEL;
    const dtype = options.dtype ?? 'q8';
    this.model = new LazyModel(
      new ModelStore(options),
      { model, files: kokoroFiles(dtype) },
      'tts',
      async (onProgress) =>
        (await loadKokoroJs()).KokoroTTS.from_pretrained(model, {
          dtype,
          device: 'cpu',
          progress_callback: onProgress,
        }),
      options.log ?? silentLog,
    );
  }

  async voices(): Promise<VoiceInfo[]> {
    this.voiceList ??= kokoroVoices();
    return (await this.voiceList).map((voice) => ({ ...voice }));
  }

  /** Loads the model now instead of on the first synthesize(). */
  async load(): Promise<void> {
    await this.model.get();
  }

  async synthesize(
    text: string,
    options: { voice: string; speed: number; signal?: AbortSignal },
  ): Promise<Audio> {
    const { voice, speed, signal } = options;
    // Checked here because kokoro-js reports an unknown voice with console.table before throwing.
    const known = await this.voices();
    if (!known.some((v) => v.id === voice)) {
      throw new Error(`Unknown Kokoro voice "${voice}"; known voices: ${known.map((v) => v.id).join(', ')}`);
    }
    if (!Number.isFinite(speed) || speed < KOKORO_SPEED_RANGE.min || speed > KOKORO_SPEED_RANGE.max) {
      throw new RangeError(
        `Speech speed ${speed} is outside ${KOKORO_SPEED_RANGE.min}..${KOKORO_SPEED_RANGE.max}`,
      );
    }
    signal?.throwIfAborted();
    const tts = await this.model.get();
    signal?.throwIfAborted();
    if (text.trim() === '') return { samples: new Float32Array(0), sampleRate: this.sampleRate };
    // kokoro-js's generate() is typed with its voice table's keys; the id was checked above.
    const audio = await tts.generate(text, { voice: voice as keyof KokoroTTS['voices'], speed });
    signal?.throwIfAborted();
    if (audio.sampling_rate !== this.sampleRate) {
      throw new Error(`Kokoro returned ${audio.sampling_rate} Hz audio, expected ${this.sampleRate} Hz`);
    }
    return { samples: audio.audio, sampleRate: audio.sampling_rate };
  }

  status(): ModelState {
    return this.model.status();
  }

  onStatus(listener: (state: ModelState) => void): () => void {
    return this.model.onStatus(listener);
  }
}
