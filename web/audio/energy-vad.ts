import type { FrameVad } from './ports.js';

/**
 * The fallback when the Silero model cannot load: loudness above the room's noise floor, mapped
 * to a probability-like value so the same endpointer thresholds (0.5 start, 0.35 continue) apply.
 */

export type EnergyVadOptions = {
  /** How far above the noise floor speech must be. */
  marginDb?: number;
  /** Below this, nothing is speech however quiet the room (noise suppression can reach -70). */
  minSpeechDbfs?: number;
  /** The floor is the quietest frame of this recent stretch: it follows the room, not the voice. */
  floorWindowMs?: number;
  /** The probability ramps from 0 to 1 over this many dB around the threshold. */
  rampDb?: number;
  frameMs?: number;
};

const DEFAULTS = {
  marginDb: 15,
  minSpeechDbfs: -50,
  floorWindowMs: 3000,
  rampDb: 6,
  frameMs: 32,
} as const;

/**
 * Frames quieter than this are digital silence (a stream still opening, a muted track), not a
 * room: a live microphone never gets there, and counting them would put the floor far too low.
 */
const DIGITAL_SILENCE_DBFS = -70;

/** RMS of a frame in dB relative to full scale (−120 for all zeros). */
export function rmsDbfs(frame: Float32Array): number {
  let sum = 0;
  for (const s of frame) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, frame.length));
  return rms > 1e-6 ? 20 * Math.log10(rms) : -120;
}

export class EnergyVad implements FrameVad {
  readonly name = 'energy';
  private readonly o: Required<EnergyVadOptions>;
  private readonly window: number[] = [];
  private readonly windowFrames: number;

  constructor(options: EnergyVadOptions = {}) {
    this.o = { ...DEFAULTS, ...options };
    this.windowFrames = Math.ceil(this.o.floorWindowMs / this.o.frameMs);
  }

  process(frame: Float32Array): Promise<number> {
    const db = rmsDbfs(frame);
    if (db > DIGITAL_SILENCE_DBFS) {
      this.window.push(db);
      if (this.window.length > this.windowFrames) this.window.shift();
    }
    const floor = this.window.length === 0 ? -Infinity : Math.min(...this.window);
    const threshold = Math.max(floor + this.o.marginDb, this.o.minSpeechDbfs);
    const p = 0.5 + (db - threshold) / this.o.rampDb;
    return Promise.resolve(Math.max(0, Math.min(1, p)));
  }

  reset(): void {
    this.window.length = 0;
  }
}
