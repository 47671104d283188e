/**
 * Reconnect delays: 250 ms doubling up to 5 s, with a little jitter so that several pages (or a
 * phone and a laptop) do not hammer a restarting hub in lockstep. Pure: the random source is
 * passed in, so tests pin it.
 */
export type BackoffOptions = {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Each delay is moved by up to this fraction either way (0 = exact), never above maxMs. */
  jitter?: number;
  random?: () => number;
};

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 5000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
  }

  /** How many delays were handed out since the last reset (the current streak of failures). */
  get attempts(): number {
    return this.failures;
  }

  /** The delay before the next attempt; each call backs off further. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.failures);
    this.failures++;
    const spread = base * this.jitter * (this.random() * 2 - 1);
    return Math.round(Math.min(this.maxMs, Math.max(this.initialMs, base + spread)));
  }

  /** A connection held: the next failure starts again from the initial delay. */
  reset(): void {
    this.failures = 0;
  }
}
