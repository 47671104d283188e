/** How much of the panel's width a docked terminal takes, in percent (the rest is the conversation). */
export const DEFAULT_TERMINAL_SHARE = 50;
export const MIN_TERMINAL_SHARE = 25;
export const MAX_TERMINAL_SHARE = 75;

/** Within the limits; anything that is not a number is the default. */
export function clampShare(share: number): number {
  if (!Number.isFinite(share)) return DEFAULT_TERMINAL_SHARE;
  return Math.min(MAX_TERMINAL_SHARE, Math.max(MIN_TERMINAL_SHARE, Math.round(share * 10) / 10));
}

/** A stored share (localStorage text), or the default. */
export function parseShare(raw: string | null): number {
  return raw === null || raw.trim() === '' ? DEFAULT_TERMINAL_SHARE : clampShare(Number(raw));
}
