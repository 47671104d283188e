import type { FrameVad } from '../../audio/ports.js';

/**
 * The page starts listening with the energy detector and upgrades to Silero once onnxruntime
 * and the model have loaded (megabytes, slow on a phone), so voice_hello need not wait for them.
 * The swap happens at reset(): the voice client resets the VAD when it opens the microphone, so
 * one listen never mixes two detectors (their recurrent state and scales differ).
 */
export class SwitchableVad implements FrameVad {
  private pending: FrameVad | null = null;

  constructor(
    private current: FrameVad,
    /** Told when the detector in use changes (the page shows which one it is). */
    private readonly onSwitch: (name: string) => void = () => undefined,
  ) {}

  get name(): string {
    return this.current.name;
  }

  /** The detector that takes over at the next reset, if an upgrade is waiting. */
  get upcoming(): string | null {
    return this.pending?.name ?? null;
  }

  /** Uses `next` from the next stream on. */
  upgrade(next: FrameVad): void {
    this.pending = next;
  }

  process(frame: Float32Array): Promise<number> {
    return this.current.process(frame);
  }

  reset(): void {
    const next = this.pending;
    if (next !== null) {
      this.current = next;
      this.pending = null;
    }
    this.current.reset();
    if (next !== null) this.onSwitch(next.name);
  }
}
