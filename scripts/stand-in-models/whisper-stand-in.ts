import { GraphBuilder, attr } from './graph-builder.js';
import { type Dim, encodeModel } from './onnx-proto.js';

/** The dimensions of the real model, read from its config.json. */
export type WhisperDims = {
  numMelBins: number;
  /** Encoder output positions (max_source_positions); the input has twice as many frames. */
  sourcePositions: number;
  dModel: number;
  decoderLayers: number;
  decoderHeads: number;
  encoderHeads: number;
  vocabSize: number;
};

export type WhisperScript = {
  /** Tokens transformers.js puts before the first generated one (<|startoftranscript|><|notimestamps|>). */
  promptLength: number;
  /** What greedy decoding must produce, ending with <|endoftext|>. */
  tokens: readonly number[];
};

const LOGIT_ON = 10;
const MODEL_META = { irVersion: 8, opsetVersion: 17, producerName: 'switchboard-stand-in-models' } as const;

/**
 * Stand-in for `onnx/encoder_model*.onnx`: input_features float32 [batch, 80, 3000] ->
 * last_hidden_state float32 [batch, 1500, 384]. Each position is the mean of two frames scaled per
 * channel; the decoder ignores it, but it has the real shape so transformers.js passes it on as is.
 */
export function whisperEncoderStandIn(dims: WhisperDims): Uint8Array {
  const g = new GraphBuilder('whisper_encoder_stand_in');
  const features = g.input('input_features', 'float32', [
    'batch_size',
    dims.numMelBins,
    dims.sourcePositions * 2,
  ]);
  const pairs = g.op('Reshape', [features, g.int64([0, dims.numMelBins, dims.sourcePositions, 2])]);
  const energy = g.op('ReduceMean', [pairs], [attr.ints('axes', [1, 3]), attr.int('keepdims', 0)]);
  const channels = Array.from({ length: dims.dModel }, (_, i) => (i + 1) / dims.dModel);
  g.op('Mul', [g.op('Unsqueeze', [energy, g.int64([2])]), g.float(channels)], [], 'last_hidden_state');
  g.output('last_hidden_state', 'float32', ['batch_size', dims.sourcePositions, dims.dModel]);
  return encodeModel({ ...MODEL_META, graph: g.build(), docString: 'Stand-in for the Whisper encoder.' });
}

/**
 * Stand-in for `onnx/decoder_model_merged*.onnx` with every input and output of the real merged
 * decoder. The logits do not look at the audio: the position of the token being predicted
 * (past length + new tokens - prompt length) indexes a table of scripted tokens, and a OneHot of
 * that token is the logits, so greedy search emits the script and then <|endoftext|>.
 * present.*.decoder.* grow by the new tokens each step (as the real cache does) and
 * present.*.encoder.* come from encoder_hidden_states on the first step and pass through after,
 * selected by use_cache_branch with an If node like the real merged export.
 */
export function whisperDecoderStandIn(dims: WhisperDims, script: WhisperScript): Uint8Array {
  const g = new GraphBuilder('whisper_decoder_stand_in');
  const headDim = dims.dModel / dims.decoderHeads;
  const encoderHeadDim = dims.dModel / dims.encoderHeads;
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', 'float32', [
    'batch_size',
    'encoder_sequence_length_out',
    dims.dModel,
  ]);
  const decoderCache: Dim[] = ['batch_size', dims.decoderHeads, 'past_decoder_sequence_length', headDim];
  const encoderCache: Dim[] = [
    'batch_size',
    dims.encoderHeads,
    'encoder_sequence_length_out',
    encoderHeadDim,
  ];
  const layers = Array.from({ length: dims.decoderLayers }, (_, layer) => layer);
  for (const layer of layers) {
    for (const kind of ['decoder', 'encoder'] as const) {
      for (const part of ['key', 'value']) {
        g.input(
          `past_key_values.${layer}.${kind}.${part}`,
          'float32',
          kind === 'decoder' ? decoderCache : encoderCache,
        );
      }
    }
  }
  const useCacheBranch = g.input('use_cache_branch', 'bool', [1]);

  const idsShape = g.op('Shape', [inputIds]);
  const batch = g.op('Gather', [idsShape, g.int64([0])], [attr.int('axis', 0)]);
  const newTokens = g.op('Gather', [idsShape, g.int64([1])], [attr.int('axis', 0)]);
  const pastLength = g.op(
    'Gather',
    [g.op('Shape', ['past_key_values.0.decoder.key']), g.int64([2])],
    [attr.int('axis', 0)],
  );

  // Logits: one scripted token per step, the same at every position of the step.
  const position = g.op('Sub', [g.op('Add', [pastLength, newTokens]), g.int64([script.promptLength])]);
  const clamped = g.op('Min', [g.op('Max', [position, g.int64([0])]), g.int64([script.tokens.length - 1])]);
  const token = g.op('Gather', [g.int64(script.tokens), clamped], [attr.int('axis', 0)]);
  const oneHot = g.op(
    'OneHot',
    [token, g.int64Scalar(dims.vocabSize), g.float([0, LOGIT_ON])],
    [attr.int('axis', -1)],
  );
  const logitsShape = g.op('Concat', [batch, newTokens, g.int64([dims.vocabSize])], [attr.int('axis', 0)]);
  g.op('Expand', [g.op('Reshape', [oneHot, g.int64([1, 1, dims.vocabSize])]), logitsShape], [], 'logits');
  g.output('logits', 'float32', ['batch_size', 'decoder_sequence_length', dims.vocabSize]);

  // Self-attention cache: past + one zero entry per new token.
  const newEntryShape = g.op(
    'Concat',
    [batch, g.int64([dims.decoderHeads]), newTokens, g.int64([headDim])],
    [attr.int('axis', 0)],
  );
  const newEntries = g.op(
    'ConstantOfShape',
    [newEntryShape],
    [attr.tensor('value', { name: 'zero', type: 'float32', dims: [1], data: Float32Array.of(0) })],
  );
  const presentDecoder: Dim[] = ['batch_size', dims.decoderHeads, 'present_decoder_sequence_length', headDim];
  for (const layer of layers) {
    for (const part of ['key', 'value']) {
      const name = `present.${layer}.decoder.${part}`;
      g.op('Concat', [`past_key_values.${layer}.decoder.${part}`, newEntries], [attr.int('axis', 2)], name);
    }
  }

  // Cross-attention cache: computed from the encoder on the first step, passed through after.
  const encoderOutputs = layers.flatMap((layer) => [
    `present.${layer}.encoder.key`,
    `present.${layer}.encoder.value`,
  ]);
  const reuse = new GraphBuilder('reuse_encoder_cache');
  const compute = new GraphBuilder('compute_encoder_cache');
  const perHead = compute.op(
    'Transpose',
    [compute.op('Reshape', [encoderStates, compute.int64([0, 0, dims.encoderHeads, encoderHeadDim])])],
    [attr.ints('perm', [0, 2, 1, 3])],
  );
  for (const name of encoderOutputs) {
    const branchOutput = `${name}/branch`;
    reuse.op('Identity', [name.replace('present', 'past_key_values')], [], `${branchOutput}/reuse`);
    reuse.output(`${branchOutput}/reuse`, 'float32', null);
    compute.op('Identity', [perHead], [], `${branchOutput}/compute`);
    compute.output(`${branchOutput}/compute`, 'float32', null);
  }
  g.node('If', [useCacheBranch], encoderOutputs, [
    attr.graph('then_branch', reuse.build()),
    attr.graph('else_branch', compute.build()),
  ]);

  // Outputs in the real export's order: per layer decoder key, value, encoder key, value.
  for (const layer of layers) {
    for (const kind of ['decoder', 'encoder'] as const) {
      for (const part of ['key', 'value']) {
        g.output(
          `present.${layer}.${kind}.${part}`,
          'float32',
          kind === 'decoder' ? presentDecoder : encoderCache,
        );
      }
    }
  }
  return encodeModel({
    ...MODEL_META,
    graph: g.build(),
    docString: 'Stand-in for the merged Whisper decoder.',
  });
}
