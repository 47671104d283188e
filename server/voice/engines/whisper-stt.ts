import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { type ModelState, STT_SAMPLE_RATE, type SttEngine } from './engine-types.js';
import { type EngineLog, LazyModel, silentLog } from './lazy-model.js';
import { DEFAULT_WHISPER_MODEL, type OnnxDtype, whisperFiles } from './model-files.js';
import { ModelStore, type ModelStoreOptions } from './model-store.js';

/** Whisper hears 30 s at a time; longer utterances are cut into overlapping windows. */
const WINDOW_S = 30;
const WINDOW_OVERLAP_S = 5;

/** `modelsDir` and the download settings, plus what to load. */
export type WhisperSttOptions = ModelStoreOptions & {
  /** A Whisper ONNX export on the hub, e.g. `onnx-community/whisper-base.en`; tiny.en by default. */
  model?: string;
  /** q8 by default: `onnx/encoder_model_quantized.onnx` and `onnx/decoder_model_merged_quantized.onnx`. */
  dtype?: OnnxDtype;
  log?: EngineLog;
};

/** Speech recognition with Whisper through transformers.js, on the CPU, loaded on first use. */
export class WhisperStt implements SttEngine {
  readonly kind = 'stt';
  private readonly model: LazyModel<AutomaticSpeechRecognitionPipeline>;

  constructor(options: WhisperSttOptions) {
    const model = options.model ?? DEFAULT_WHISPER_MODEL;
    const dtype = options.dtype ?? 'q8';
    this.model = new LazyModel(
      new ModelStore(options),
      { model, files: whisperFiles(dtype) },
      'stt',
      async (onProgress) =>
        (await (
          await import('@huggingface/transformers')
        ).pipeline('automatic-speech-recognition', model, {
          dtype,
          device: 'cpu',
          progress_callback: onProgress,
        })) as AutomaticSpeechRecognitionPipeline,
      options.log ?? silentLog,
    );
  }

  /** Loads the model now instead of on the first transcribe(). */
  async load(): Promise<void> {
    await this.model.get();
  }

  /** Transcribes 16 kHz mono audio; returns the text without Whisper's leading space. */
  async transcribe(audio: Float32Array, options: { signal?: AbortSignal } = {}): Promise<string> {
    const { signal } = options;
    signal?.throwIfAborted();
    const asr = await this.model.get();
    signal?.throwIfAborted();
    if (audio.length === 0) return '';
    const long = audio.length > WINDOW_S * STT_SAMPLE_RATE;
    const output = await asr(
      audio,
      long ? { chunk_length_s: WINDOW_S, stride_length_s: WINDOW_OVERLAP_S } : {},
    );
    signal?.throwIfAborted();
    const results = Array.isArray(output) ? output : [output];
    return results
      .map((result) => result.text.trim())
      .join(' ')
      .trim();
  }

  status(): ModelState {
    return this.model.status();
  }

  onStatus(listener: (state: ModelState) => void): () => void {
    return this.model.onStatus(listener);
  }
}
