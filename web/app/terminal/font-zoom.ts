/** Terminal font sizes, remembered per session in localStorage. */
export const DEFAULT_FONT_SIZE = 13;
export const MIN_FONT_SIZE = 7;
export const MAX_FONT_SIZE = 32;

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const fontSizeKey = (sessionId: string): string => `switchboard.terminal.fontSize.${sessionId}`;

export function loadFontSize(sessionId: string, store: KeyValueStore | undefined = safeStorage()): number {
  const stored = Number(store?.getItem(fontSizeKey(sessionId)));
  return Number.isInteger(stored) && stored >= MIN_FONT_SIZE && stored <= MAX_FONT_SIZE
    ? stored
    : DEFAULT_FONT_SIZE;
}

/** Zooms by `step` (0 resets), stores the result and returns it. */
export function zoomFont(
  sessionId: string,
  current: number,
  step: number,
  store: KeyValueStore | undefined = safeStorage(),
): number {
  return storeFontSize(sessionId, step === 0 ? DEFAULT_FONT_SIZE : current + step, store);
}

/** Stores a size (kept within the limits) for the session and returns it. */
export function storeFontSize(
  sessionId: string,
  size: number,
  store: KeyValueStore | undefined = safeStorage(),
): number {
  const next = Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)));
  if (next === DEFAULT_FONT_SIZE) store?.removeItem(fontSizeKey(sessionId));
  else store?.setItem(fontSizeKey(sessionId), String(next));
  return next;
}

/** localStorage, or nothing where it is blocked (private modes, sandboxed frames). */
function safeStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
