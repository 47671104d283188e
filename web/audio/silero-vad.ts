import { VAD_FRAME_SAMPLES, VAD_SAMPLE_RATE, type FrameVad } from './ports.js';

/**
 * Silero VAD (v5/v6 ONNX export) over any onnxruntime: onnxruntime-web in the page,
 * onnxruntime-node or -web in Node. Only the shapes below are used, so both fit without adapters.
 */

/** The part of an onnxruntime Tensor this module reads. */
export interface OnnxTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** The part of an onnxruntime InferenceSession this module calls. */
export interface OnnxSessionLike {
  run(feeds: Record<string, OnnxTensorLike>): Promise<Readonly<Record<string, OnnxTensorLike>>>;
}

/** An onnxruntime module (`import * as ort from 'onnxruntime-web'`), reduced to what is used. */
export interface OrtLike {
  Tensor: {
    new (type: 'float32', data: Float32Array, dims: readonly number[]): OnnxTensorLike;
    new (type: 'int64', data: BigInt64Array, dims: readonly number[]): OnnxTensorLike;
  };
  InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptions): Promise<OnnxSessionLike> };
}

/** The session options this module may set (a subset of onnxruntime's). */
export type OrtSessionOptions = { intraOpNumThreads?: number; interOpNumThreads?: number };

/** Samples of the previous frame the model sees again: silero-vad's OnnxWrapper uses 64 at 16 kHz. */
export const SILERO_CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

export class SileroVad implements FrameVad {
  readonly name = 'silero';
  private state: OnnxTensorLike;
  private context = new Float32Array(SILERO_CONTEXT_SAMPLES);
  private readonly sr: OnnxTensorLike;
  /** Runs are chained: the recurrent state of one frame feeds the next. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped by reset(): runs queued before it must not hand their state to the new stream. */
  private generation = 0;

  constructor(
    private readonly session: OnnxSessionLike,
    private readonly Tensor: OrtLike['Tensor'],
  ) {
    this.sr = new Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), [1]);
    this.state = this.freshState();
  }

  process(frame: Float32Array): Promise<number> {
    if (frame.length !== VAD_FRAME_SAMPLES)
      return Promise.reject(new RangeError(`Silero needs ${VAD_FRAME_SAMPLES} samples, got ${frame.length}`));
    const input = new Float32Array(SILERO_CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
    input.set(this.context, 0);
    input.set(frame, SILERO_CONTEXT_SAMPLES);
    // A copy: callers may reuse their frame buffer before the next call.
    this.context = frame.slice(-SILERO_CONTEXT_SAMPLES);
    const generation = this.generation;
    const run = this.queue.then(() => (generation === this.generation ? this.run(input, generation) : 0));
    this.queue = run.catch(() => undefined);
    return run;
  }

  reset(): void {
    this.generation++;
    this.state = this.freshState();
    this.context = new Float32Array(SILERO_CONTEXT_SAMPLES);
  }

  private async run(input: Float32Array, generation: number): Promise<number> {
    const out = await this.session.run({
      input: new this.Tensor('float32', input, [1, input.length]),
      state: this.state,
      sr: this.sr,
    });
    const stateN = out.stateN;
    const probability = (out.output?.data as ArrayLike<unknown> | undefined)?.[0];
    if (stateN === undefined || typeof probability !== 'number')
      throw new Error('The Silero model returned no `output`/`stateN`: is this a Silero v5/v6 export?');
    if (generation === this.generation) this.state = stateN;
    return probability;
  }

  private freshState(): OnnxTensorLike {
    return new this.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
  }
}

/**
 * Loads the model bytes into a session of the given onnxruntime. One thread by default: a frame
 * is ~0.1 ms of work, and a thread pool only spins, taking CPU from the page (or the hub).
 */
export async function createSileroVad(
  ort: OrtLike,
  model: Uint8Array,
  options: OrtSessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 },
): Promise<SileroVad> {
  return new SileroVad(await ort.InferenceSession.create(model, options), ort.Tensor);
}
