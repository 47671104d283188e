/**
 * Which sessions' terminal panes the person left open in this browser: a list of session ids,
 * newest last, stored as JSON. Bounded, so ids of long-gone sessions do not pile up forever.
 */
export const MAX_REMEMBERED_TERMINALS = 50;

/** The stored list, or empty for anything that is not a list of strings. */
export function parseOpenTerminals(raw: string | null): string[] {
  if (raw === null) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The list with `id` open (moved to the end) or closed (removed), at most MAX_REMEMBERED_TERMINALS long. */
export function withTerminalOpen(ids: readonly string[], id: string, open: boolean): string[] {
  const others = ids.filter((other) => other !== id);
  return (open ? [...others, id] : others).slice(-MAX_REMEMBERED_TERMINALS);
}
