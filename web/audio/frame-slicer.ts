/** Cuts audio chunks of any length into fixed frames, carrying the remainder to the next chunk. */
export class FrameSlicer {
  private pending: Float32Array;
  private filled = 0;

  constructor(readonly frameSamples: number) {
    this.pending = new Float32Array(frameSamples);
  }

  /** Whole frames completed by this chunk; each is a fresh array the caller may keep. */
  push(samples: Float32Array): Float32Array[] {
    const frames: Float32Array[] = [];
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(this.frameSamples - this.filled, samples.length - at);
      this.pending.set(samples.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.frameSamples) {
        frames.push(this.pending);
        this.pending = new Float32Array(this.frameSamples);
        this.filled = 0;
      }
    }
    return frames;
  }

  reset(): void {
    this.filled = 0;
  }
}
