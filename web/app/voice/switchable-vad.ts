import type { FrameVad } from '../../audio/ports.js';

/**
 * The page starts listening with the energy detector and upgrades to Silero once onnxruntime
 * and the model have loaded (megabytes, slow on a phone), so voice_hello need not wait for them.
 * The swap happens at reset(): the voice client resets the VAD when it opens the microphone, so
 * one listen never mixes two detectors (their recurrent state and scales differ).
 */
export class SwitchableVad implements FrameVad {
  private pending: FrameVad | null = null;

  constructor(private current: FrameVad) {}

  get name(): string {
    return this.current.name;
  }

  /** Uses `next` from the next stream on. */
  upgrade(next: FrameVad): void {
    this.pending = next;
  }

  process(frame: Float32Array): Promise<number> {
    return this.current.process(frame);
  }

  reset(): void {
    if (this.pending !== null) {
      this.current = this.pending;
      this.pending = null;
    }
    this.current.reset();
  }
}
