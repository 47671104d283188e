/** Cancels a scheduled callback; calling it after the callback ran is harmless. */
export type Cancel = () => void;

/** Time as the hub link sees it, so tests can drive backoff and give-up timers by hand. */
export interface Clock {
  schedule(ms: number, fn: () => void): Cancel;
}

export const systemClock: Clock = {
  schedule: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
