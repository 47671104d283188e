/** Mono audio as float samples in [-1, 1]. */
export type Audio = { samples: Float32Array; sampleRate: number };

export type VoiceInfo = {
  /** The id used everywhere (`af_heart`). */
  id: string;
  name: string;
  /** BCP 47-ish language tag, e.g. "en-us". */
  language: string;
  gender: 'female' | 'male' | 'unknown';
};

/** Where a model stands; the page shows it, and a missing one explains how to get it. */
export type ModelState = {
  kind: 'tts' | 'stt';
  model: string;
  state: 'not_loaded' | 'downloading' | 'loading' | 'ready' | 'missing' | 'error';
  /** 0..1 while downloading. */
  progress: number | null;
  message: string | null;
};

/** Speech synthesis. Implementations load their model on first use. */
export interface TtsEngine {
  readonly kind: 'tts';
  /** Every synthesize() result has this sample rate (Kokoro: 24000). */
  readonly sampleRate: number;
  voices(): Promise<VoiceInfo[]>;
  /** Synthesizes one speakable chunk. Rejects with ModelUnavailableError when the model is missing. */
  synthesize(text: string, options: { voice: string; speed: number; signal?: AbortSignal }): Promise<Audio>;
  status(): ModelState;
  /** Called on every status change (download progress, loaded, failed). */
  onStatus(listener: (state: ModelState) => void): () => void;
}

/** Speech recognition of 16 kHz mono audio. */
export interface SttEngine {
  readonly kind: 'stt';
  transcribe(audio: Float32Array, options?: { signal?: AbortSignal }): Promise<string>;
  status(): ModelState;
  onStatus(listener: (state: ModelState) => void): () => void;
}

export const STT_SAMPLE_RATE = 16_000;

/**
 * The model's files are not on disk and could not be downloaded. The message names the model,
 * the folder and the command that fixes it; the hub keeps running in text mode.
 */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
  constructor(
    readonly model: string,
    readonly folder: string,
    cause?: unknown,
  ) {
    super(
      `The speech model ${model} is not in ${folder} and could not be downloaded. Run \`npm run models\` on a machine with internet access (or copy the files into ${folder}); until then Switchboard works in text mode.`,
      cause === undefined ? undefined : { cause },
    );
  }
}
