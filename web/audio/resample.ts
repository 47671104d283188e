/**
 * Streaming sample-rate conversion (the mic's 48 or 44.1 kHz to the VAD's 16 kHz) with a
 * windowed-sinc low-pass, so speech energy above the new Nyquist is removed instead of folding
 * back as noise the VAD and Whisper would hear. Works for any pair of rates, up or down.
 */

export type ResamplerOptions = {
  /** Kernel half-width in output-rate samples: longer is a sharper low-pass, at more cost. */
  halfTaps?: number;
  /** Passband edge as a fraction of the lower Nyquist: leaves room for the transition band. */
  rolloff?: number;
};

/** Kernel samples per input sample; between them the kernel is interpolated linearly. */
const TABLE_RESOLUTION = 128;

export class Resampler {
  /** Input samples per output sample. */
  private readonly step: number;
  private readonly halfWidth: number;
  private readonly table: Float32Array;
  /** Input not yet consumed, starting with the history the kernel still reaches back to. */
  private buffer: Float32Array;
  /** Position of the next output sample, in input samples from buffer[0]. */
  private position: number;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    options: ResamplerOptions = {},
  ) {
    if (!(fromRate > 0 && toRate > 0)) throw new RangeError('Sample rates must be positive');
    this.step = fromRate / toRate;
    const halfTaps = options.halfTaps ?? 16;
    // Cutoff in cycles per input sample: below both Nyquists, less the transition band.
    const cutoff = 0.5 * Math.min(1, 1 / this.step) * (options.rolloff ?? 0.9);
    this.halfWidth = Math.ceil(halfTaps * Math.max(1, this.step));
    this.table = kernelTable(cutoff, this.halfWidth);
    // Zero history: the first output sample lines up with the first input sample.
    this.buffer = new Float32Array(this.halfWidth);
    this.position = this.halfWidth;
  }

  /** Converts the next chunk; output lags input by about halfWidth input samples. */
  process(input: Float32Array): Float32Array {
    if (this.fromRate === this.toRate) return input.slice();
    const joined = new Float32Array(this.buffer.length + input.length);
    joined.set(this.buffer, 0);
    joined.set(input, this.buffer.length);
    const count = Math.max(0, Math.ceil((joined.length - this.halfWidth - this.position) / this.step));
    const out = new Float32Array(count);
    for (let n = 0; n < count; n++) {
      out[n] = this.sampleAt(joined, this.position);
      this.position += this.step;
    }
    const drop = Math.max(0, Math.floor(this.position) - this.halfWidth);
    this.buffer = joined.slice(drop);
    this.position -= drop;
    return out;
  }

  private sampleAt(x: Float32Array, position: number): number {
    const first = Math.floor(position) - this.halfWidth + 1;
    const last = Math.floor(position) + this.halfWidth;
    let sum = 0;
    let weights = 0;
    for (let k = Math.max(0, first); k <= last && k < x.length; k++) {
      const t = Math.abs(k - position) * TABLE_RESOLUTION;
      const i = Math.floor(t);
      const f = t - i;
      const w = (this.table[i] ?? 0) * (1 - f) + (this.table[i + 1] ?? 0) * f;
      sum += (x[k] ?? 0) * w;
      weights += w;
    }
    // Normalizing by the kernel's sum keeps the DC gain exactly 1 at every fractional phase.
    return weights === 0 ? 0 : sum / weights;
  }
}

/** One side of a Blackman-windowed sinc low-pass, sampled TABLE_RESOLUTION times per input sample. */
function kernelTable(cutoff: number, halfWidth: number): Float32Array {
  const size = halfWidth * TABLE_RESOLUTION + 2;
  const table = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const t = i / TABLE_RESOLUTION;
    if (t >= halfWidth) continue;
    const x = 2 * Math.PI * cutoff * t;
    const sinc = t === 0 ? 1 : Math.sin(x) / x;
    const u = 0.5 + t / (2 * halfWidth); // window position in [0.5, 1)
    const window = 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
    table[i] = 2 * cutoff * sinc * window;
  }
  return table;
}

/** Whole-buffer conversion (tests, files). */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  const resampler = new Resampler(fromRate, toRate);
  const head = resampler.process(input);
  // Flush the kernel's reach with silence, then cut to the exact expected length.
  const tail = resampler.process(new Float32Array(Math.ceil(fromRate / toRate) * 64 + 64));
  const out = new Float32Array(Math.round((input.length * toRate) / fromRate));
  out.set(head.subarray(0, out.length), 0);
  if (head.length < out.length) out.set(tail.subarray(0, out.length - head.length), head.length);
  return out;
}
