import { CAST_TO, GraphBuilder, attr } from './graph-builder.js';
import { encodeModel } from './onnx-proto.js';

export const KOKORO_SAMPLE_RATE = 24_000;
/** Samples of audio per input token at speed 1 (the real model makes roughly 600-1000). */
export const KOKORO_SAMPLES_PER_TOKEN = 600;
/** The stand-in's tone; the voice's style vector shifts it a little so voices sound different. */
const BASE_FREQUENCY_HZ = 220;
const AMPLITUDE = 0.3;

/**
 * The stand-in for onnx-community/Kokoro-82M-v1.0-ONNX `onnx/model*.onnx`, with the real model's
 * interface as kokoro-js's generate_from_ids() uses it:
 *   input_ids int64 [1, sequence_length], style float32 [1, 256], speed float32 [1]
 *   -> waveform float32 [num_samples]
 * It speaks a sine tone of floor(sequence_length * 600 / speed) samples: longer text and slower
 * speech give longer audio, as with the real model.
 */
export function kokoroStandIn(): Uint8Array {
  const g = new GraphBuilder('kokoro_stand_in');
  const inputIds = g.input('input_ids', 'int64', [1, 'sequence_length']);
  const style = g.input('style', 'float32', [1, 256]);
  const speed = g.input('speed', 'float32', [1]);

  const sequenceLength = g.op('Gather', [g.op('Shape', [inputIds]), g.int64([1])], [attr.int('axis', 0)]);
  const samplesAtSpeed = g.op('Div', [
    g.op('Mul', [
      g.op('Cast', [sequenceLength], [attr.int('to', CAST_TO.float32)]),
      g.float([KOKORO_SAMPLES_PER_TOKEN]),
    ]),
    speed,
  ]);
  const sampleCount = g.op('Squeeze', [
    g.op('Cast', [g.op('Floor', [samplesAtSpeed])], [attr.int('to', CAST_TO.int64)]),
    g.int64([0]),
  ]);
  const time = g.op(
    'Cast',
    [g.op('Range', [g.int64Scalar(0), sampleCount, g.int64Scalar(1)])],
    [attr.int('to', CAST_TO.float32)],
  );

  const styleMean = g.op('ReduceMean', [style], [attr.ints('axes', [0, 1]), attr.int('keepdims', 0)]);
  const frequency = g.op('Mul', [
    g.floatScalar(BASE_FREQUENCY_HZ),
    g.op('Add', [g.floatScalar(1), g.op('Mul', [g.floatScalar(0.25), g.op('Tanh', [styleMean])])]),
  ]);
  const radiansPerSample = g.op('Mul', [frequency, g.floatScalar((2 * Math.PI) / KOKORO_SAMPLE_RATE)]);
  const tone = g.op('Sin', [g.op('Mul', [time, radiansPerSample])]);
  g.op('Mul', [tone, g.floatScalar(AMPLITUDE)], [], 'waveform');
  g.output('waveform', 'float32', ['num_samples']);

  return encodeModel({
    graph: g.build(),
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'switchboard-stand-in-models',
    docString: 'Stand-in for Kokoro-82M-v1.0-ONNX: same inputs and outputs, a sine tone instead of speech.',
  });
}
