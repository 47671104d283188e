import type { Cancel, Clock } from '../../../../mcp-proxy/clock.js';

interface Timer {
  id: number;
  at: number;
  ms: number;
  fn: () => void;
}

/** A clock whose timers run only when the test says so. */
export class FakeClock implements Clock {
  #now = 0;
  #nextId = 1;
  #timers: Timer[] = [];

  schedule(ms: number, fn: () => void): Cancel {
    const timer: Timer = { id: this.#nextId++, at: this.#now + ms, ms, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t.id !== timer.id);
    };
  }

  /** The delays of the timers still waiting, oldest first. */
  pendingDelays(): number[] {
    return this.#timers.map((t) => t.ms);
  }

  /** Moves time to the earliest timer and runs it; returns the delay it was scheduled with. */
  runNext(): number {
    const next = [...this.#timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (next === undefined) throw new Error('FakeClock: no timer is waiting');
    this.#timers = this.#timers.filter((t) => t.id !== next.id);
    this.#now = Math.max(this.#now, next.at);
    next.fn();
    return next.ms;
  }
}
