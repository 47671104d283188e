import { VAD_FRAME_MS } from './ports.js';

/**
 * Hears the person talk over the assistant's speech. Stricter than the endpointer: echo
 * cancellation leaves some of our own voice in the mic, so it takes a higher probability held
 * for a while, not one loud frame.
 */
export type BargeInOptions = { threshold?: number; minSpeechMs?: number; frameMs?: number };

export class BargeInDetector {
  private readonly threshold: number;
  private readonly framesNeeded: number;
  private run = 0;

  constructor(options: BargeInOptions = {}) {
    this.threshold = options.threshold ?? 0.7;
    this.framesNeeded = Math.max(
      1,
      Math.ceil((options.minSpeechMs ?? 200) / (options.frameMs ?? VAD_FRAME_MS)),
    );
  }

  /** True on the frame that completes enough consecutive speech (and on every one after it). */
  push(probability: number): boolean {
    this.run = probability >= this.threshold ? this.run + 1 : 0;
    return this.run >= this.framesNeeded;
  }

  reset(): void {
    this.run = 0;
  }
}
