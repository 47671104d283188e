export const FIRST_RECONNECT_DELAY_MS = 100;
/** The hub may restart at any time; a proxy must be back within 3 s of it listening again. */
export const MAX_RECONNECT_DELAY_MS = 2_000;

/** Delay before reconnect attempt `attempt` (0 for the first retry): doubling from 100 ms, capped at 2 s. */
export function reconnectDelayMs(attempt: number): number {
  const exponent = Math.min(Math.max(attempt, 0), 16);
  return Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** exponent, MAX_RECONNECT_DELAY_MS);
}
