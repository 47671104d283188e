import type { HistoryResult } from '../../../protocol/history.js';
import type { Session } from '../../../protocol/session.js';
import { formatAgo, sinceIso } from './format.js';

/** A piece of a search snippet: plain text, marked when it is one of the words searched for. */
export type SnippetPart = { text: string; match: boolean };

/**
 * Cuts a snippet at its highlights ([start, end) offsets from the hub). Offsets out of order,
 * overlapping or out of range are skipped, never trusted: the text is shown whole either way.
 */
export function snippetParts(
  snippet: string,
  highlights: readonly (readonly [number, number])[],
): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end <= start || end > snippet.length) continue;
    if (start > at) parts.push({ text: snippet.slice(at, start), match: false });
    parts.push({ text: snippet.slice(start, end), match: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), match: false });
  return parts;
}

/** "ended 5 min ago: stopped from the page". */
export function endedLine(session: Session, now: number): string {
  const when = session.exitedAt === null ? 'ended' : `ended ${formatAgo(sinceIso(session.exitedAt, now))}`;
  return session.exitReason === null ? when : `${when}: ${session.exitReason}`;
}

/** What the Forget confirmation says is lost, and what stays. */
export function forgetWarning(session: Session): string {
  return (
    `Its transcript, timeline, inbox, permission log and terminal recordings are deleted for good, ` +
    `and it can no longer be resumed. Its folder (${session.cwd}) and the files in it stay.`
  );
}

/** The search results that are still past sessions (one may have been resumed meanwhile). */
export function pastResults(results: readonly HistoryResult[]): HistoryResult[] {
  return results.filter((r) => r.session.state === 'exited');
}
