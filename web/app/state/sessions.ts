import type { Session } from '../../../protocol/session.js';

/**
 * The roster as the hub last described it. Messages replace whole sessions, so applying them
 * is idempotent and a reconnect's session_list simply starts over.
 */
export type SessionMessage =
  | { type: 'session_list'; sessions: Session[] }
  | { type: 'session_status'; session: Session }
  | { type: 'session_removed'; id: string };

export function applySessionMessage(
  current: ReadonlyMap<string, Session>,
  message: SessionMessage,
): Map<string, Session> {
  switch (message.type) {
    case 'session_list':
      return new Map(message.sessions.map((s) => [s.id, s]));
    case 'session_status':
      // An archived session (stopped) has no tab: it is in Past sessions. The hub's socket sends
      // a removal for it; a REST answer the page adopts itself may still carry one.
      if (message.session.archived)
        return applySessionMessage(current, { type: 'session_removed', id: message.session.id });
      return new Map(current).set(message.session.id, message.session);
    case 'session_removed': {
      const next = new Map(current);
      next.delete(message.id);
      return next;
    }
  }
}

/** Tab order: oldest first, so tabs keep their place (and their Alt+number) as sessions change. */
export function orderedSessions(sessions: ReadonlyMap<string, Session>): Session[] {
  return [...sessions.values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name),
  );
}

/**
 * Which tab to show after the roster changed: the current one while it exists, else its
 * neighbour (the one after it, else before it), else the first.
 */
export function keepSelection(
  previousOrder: readonly string[],
  nextOrder: readonly string[],
  selectedId: string | null,
): string | null {
  if (selectedId !== null && nextOrder.includes(selectedId)) return selectedId;
  if (nextOrder.length === 0) return null;
  const at = selectedId === null ? -1 : previousOrder.indexOf(selectedId);
  if (at >= 0) {
    const after = previousOrder.slice(at + 1).find((id) => nextOrder.includes(id));
    const before = previousOrder
      .slice(0, at)
      .reverse()
      .find((id) => nextOrder.includes(id));
    return after ?? before ?? nextOrder[0] ?? null;
  }
  return nextOrder[0] ?? null;
}
