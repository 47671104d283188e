/** The quantizations transformers.js can load, and the file-name suffix each one reads. */
export const ONNX_DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
} as const;

export type OnnxDtype = keyof typeof ONNX_DTYPE_SUFFIX;

export const DEFAULT_KOKORO_MODEL = 'onnx-community/Kokoro-82M-v1.0-ONNX';
/** See README.md next to this file for why tiny.en and not base.en. */
export const DEFAULT_WHISPER_MODEL = 'Xenova/whisper-tiny.en';

/**
 * The files kokoro-js reads for a model (StyleTextToSpeech2Model + its tokenizer), as
 * transformers.js names them: `onnx/model<suffix>.onnx`. The voices ship inside kokoro-js.
 */
export function kokoroFiles(dtype: OnnxDtype): string[] {
  return [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/model${ONNX_DTYPE_SUFFIX[dtype]}.onnx`,
  ];
}

/**
 * The files transformers.js's automatic-speech-recognition pipeline reads for a Whisper export
 * (checked with its progress_callback): tokenizer, configs, encoder and merged decoder.
 */
export function whisperFiles(dtype: OnnxDtype): string[] {
  const suffix = ONNX_DTYPE_SUFFIX[dtype];
  return [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${suffix}.onnx`,
    `onnx/decoder_model_merged${suffix}.onnx`,
  ];
}
