import { AutoTokenizer } from '@huggingface/transformers';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { kokoroStandIn } from './kokoro-stand-in.js';
import { type WhisperDims, whisperDecoderStandIn, whisperEncoderStandIn } from './whisper-stand-in.js';

export const KOKORO_MODEL = 'onnx-community/Kokoro-82M-v1.0-ONNX';
export const WHISPER_MODEL = 'Xenova/whisper-tiny.en';
/** What the Whisper stand-in hears in any audio. */
export const STAND_IN_TRANSCRIPT = 'This is the stand-in transcript.';

const KOKORO_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const WHISPER_FILES = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
];

const whisperConfigSchema = z.object({
  num_mel_bins: z.number().int(),
  max_source_positions: z.number().int(),
  d_model: z.number().int(),
  decoder_layers: z.number().int(),
  decoder_attention_heads: z.number().int(),
  encoder_attention_heads: z.number().int(),
  vocab_size: z.number().int(),
  suppress_tokens: z.array(z.number().int()),
  begin_suppress_tokens: z.array(z.number().int()),
});

const generationConfigSchema = z.object({
  is_multilingual: z.literal(false),
  decoder_start_token_id: z.number().int(),
  no_timestamps_token_id: z.number().int(),
  eos_token_id: z.number().int(),
});

export type StandInFile = { path: string; bytes: number };

/**
 * Writes stand-in Kokoro and Whisper models into `targetDir` with the real models' layout
 * (`<model id>/config.json`, `<model id>/onnx/*_quantized.onnx`, ...): the real config and tokenizer
 * files copied from `sourceDir`, and small generated ONNX graphs with the real inputs and outputs.
 */
export async function writeStandInModels(targetDir: string, sourceDir: string): Promise<StandInFile[]> {
  const written: StandInFile[] = [];
  const write = async (path: string, data: Uint8Array) => {
    const full = join(targetDir, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, data);
    written.push({ path, bytes: data.length });
  };

  await copyModelFiles(sourceDir, targetDir, KOKORO_MODEL, KOKORO_FILES, written);
  await write(`${KOKORO_MODEL}/onnx/model_quantized.onnx`, kokoroStandIn());

  const whisperSource = join(sourceDir, WHISPER_MODEL);
  await copyModelFiles(sourceDir, targetDir, WHISPER_MODEL, WHISPER_FILES, written);
  const config = whisperConfigSchema.parse(
    JSON.parse(await readFile(join(whisperSource, 'config.json'), 'utf8')),
  );
  const generation = generationConfigSchema.parse(
    JSON.parse(await readFile(join(whisperSource, 'generation_config.json'), 'utf8')),
  );
  const dims: WhisperDims = {
    numMelBins: config.num_mel_bins,
    sourcePositions: config.max_source_positions,
    dModel: config.d_model,
    decoderLayers: config.decoder_layers,
    decoderHeads: config.decoder_attention_heads,
    encoderHeads: config.encoder_attention_heads,
    vocabSize: config.vocab_size,
  };
  const tokens = await transcriptTokens(whisperSource, config);
  await write(`${WHISPER_MODEL}/onnx/encoder_model_quantized.onnx`, whisperEncoderStandIn(dims));
  await write(
    `${WHISPER_MODEL}/onnx/decoder_model_merged_quantized.onnx`,
    whisperDecoderStandIn(dims, {
      // English-only models start with <|startoftranscript|><|notimestamps|> (generation_config).
      promptLength: [generation.decoder_start_token_id, generation.no_timestamps_token_id].length,
      tokens: [...tokens, generation.eos_token_id],
    }),
  );
  return written;
}

async function copyModelFiles(
  sourceDir: string,
  targetDir: string,
  model: string,
  files: readonly string[],
  written: StandInFile[],
): Promise<void> {
  await mkdir(join(targetDir, model), { recursive: true });
  for (const file of files) {
    const from = join(sourceDir, model, file);
    let data: Buffer;
    try {
      data = await readFile(from);
    } catch (error) {
      throw new Error(
        `Cannot read ${from}: the stand-ins need the real ${model} config and tokenizer files`,
        {
          cause: error,
        },
      );
    }
    // Written, not copied: copyFile keeps the source's read-only mode, and a rerun could not overwrite.
    await writeFile(join(targetDir, model, file), data);
    written.push({ path: `${model}/${file}`, bytes: data.length });
  }
}

/** The transcript as the real tokenizer encodes it, checked against the tokens Whisper suppresses. */
async function transcriptTokens(
  whisperDir: string,
  config: z.infer<typeof whisperConfigSchema>,
): Promise<number[]> {
  // Given a folder path rather than a hub id, transformers.js reads the files there and never downloads.
  const tokenizer = await AutoTokenizer.from_pretrained(whisperDir);
  // Whisper writes a space before the first word, as it does for real speech.
  const tokens = tokenizer.encode(` ${STAND_IN_TRANSCRIPT}`, { add_special_tokens: false });
  const suppressed = tokens.filter((token) => config.suppress_tokens.includes(token));
  const first = tokens[0];
  if (first === undefined || suppressed.length > 0 || config.begin_suppress_tokens.includes(first)) {
    throw new Error(
      `The stand-in transcript's tokens ${tokens.join(',')} include ones Whisper's generation suppresses`,
    );
  }
  return tokens;
}
