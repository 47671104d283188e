import type { TranscriptEntry } from '../../../protocol/transcript.js';

/**
 * Every session's transcript as far as this page has seen it: REST pages and live `transcript`
 * messages merge by entry id (they overlap around a reconnect), kept in id order, capped.
 */
export class TranscriptStore {
  private readonly bySession = new Map<string, TranscriptEntry[]>();
  /** Sessions whose history came from REST at least once (a live entry alone is not a history). */
  private readonly loaded = new Set<string>();

  constructor(private readonly maxPerSession = 1000) {}

  /**
   * Adds entries; true when anything changed. A changed session gets a new array (the old one is
   * never mutated), so components see the change by reference.
   */
  add(entries: readonly TranscriptEntry[]): boolean {
    const touched = new Map<string, TranscriptEntry[]>();
    for (const entry of entries) {
      const list = touched.get(entry.sessionId) ?? [...(this.bySession.get(entry.sessionId) ?? [])];
      if (insertById(list, entry)) touched.set(entry.sessionId, list);
    }
    for (const [id, list] of touched) {
      this.bySession.set(id, list.length > this.maxPerSession ? list.slice(-this.maxPerSession) : list);
    }
    return touched.size > 0;
  }

  /** A REST page of the session's history. */
  addHistory(sessionId: string, entries: readonly TranscriptEntry[]): boolean {
    const first = !this.loaded.has(sessionId);
    this.loaded.add(sessionId);
    return this.add(entries) || first;
  }

  entries(sessionId: string): readonly TranscriptEntry[] {
    return this.bySession.get(sessionId) ?? [];
  }

  hasHistory(sessionId: string): boolean {
    return this.loaded.has(sessionId);
  }

  /** The newest id seen for the session: the `since` cursor that fills a gap after a reconnect. */
  lastId(sessionId: string): number | null {
    return this.bySession.get(sessionId)?.at(-1)?.id ?? null;
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
    this.loaded.delete(sessionId);
  }
}

/** Inserts in id order unless the id is there already; entries mostly arrive at the end. */
function insertById(list: TranscriptEntry[], entry: TranscriptEntry): boolean {
  let at = list.length;
  while (at > 0 && (list[at - 1] as TranscriptEntry).id > entry.id) at--;
  if (at > 0 && (list[at - 1] as TranscriptEntry).id === entry.id) return false;
  list.splice(at, 0, entry);
  return true;
}
