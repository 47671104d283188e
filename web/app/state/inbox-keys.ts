/**
 * The permission inbox's keys, as a pure mapping: on a request (or a button inside it) `a` allows,
 * Shift+A always allows the tool in that session, `d` denies; j/k, the arrow keys, Home and End
 * move between requests. Decisions ignore auto-repeat: holding `a` must not allow a whole list.
 */

export type InboxKeyInput = {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  repeat: boolean;
  isComposing: boolean;
  /** Focus is in a text field (the deny message): letters are typed there. */
  inText: boolean;
};

export type InboxCommand =
  | { kind: 'allow' }
  | { kind: 'always' }
  | { kind: 'deny' }
  | { kind: 'move'; to: 'next' | 'previous' | 'first' | 'last' };

export function inboxKeyCommand(input: InboxKeyInput): InboxCommand | null {
  if (input.isComposing || input.inText || input.ctrlKey || input.altKey || input.metaKey) return null;
  switch (input.key) {
    case 'j':
    case 'ArrowDown':
      return input.shiftKey ? null : { kind: 'move', to: 'next' };
    case 'k':
    case 'ArrowUp':
      return input.shiftKey ? null : { kind: 'move', to: 'previous' };
    case 'Home':
      return { kind: 'move', to: 'first' };
    case 'End':
      return { kind: 'move', to: 'last' };
  }
  if (input.repeat) return null;
  // Caps Lock gives "A" without Shift: that is not a deliberate "always", so it does nothing.
  if (input.key === 'a' && !input.shiftKey) return { kind: 'allow' };
  if (input.key === 'A' && input.shiftKey) return { kind: 'always' };
  if (input.key === 'd' || input.key === 'D') return { kind: 'deny' };
  return null;
}

/** The request to focus after a move, from the ids in inbox order; null when there are none. */
export function moveFocus(
  ids: readonly string[],
  currentId: string | null,
  to: 'next' | 'previous' | 'first' | 'last',
): string | null {
  if (ids.length === 0) return null;
  const at = currentId === null ? -1 : ids.indexOf(currentId);
  switch (to) {
    case 'first':
      return ids[0] ?? null;
    case 'last':
      return ids.at(-1) ?? null;
    case 'next':
      return ids[at < 0 ? 0 : Math.min(at + 1, ids.length - 1)] ?? null;
    case 'previous':
      return ids[at < 0 ? 0 : Math.max(at - 1, 0)] ?? null;
  }
}

/**
 * Where focus goes when the focused request left the list (decided here or elsewhere): the one
 * that took its place (the next), else the one before it, so the person can go on with `a`/`d`.
 */
export function focusAfterRemoval(
  previousIds: readonly string[],
  nextIds: readonly string[],
  focusedId: string,
): string | null {
  if (nextIds.includes(focusedId)) return focusedId;
  const at = previousIds.indexOf(focusedId);
  if (at < 0) return nextIds[0] ?? null;
  const after = previousIds.slice(at + 1).find((id) => nextIds.includes(id));
  const before = previousIds
    .slice(0, at)
    .reverse()
    .find((id) => nextIds.includes(id));
  return after ?? before ?? null;
}
