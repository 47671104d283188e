import type { TranscriptKind, TranscriptRole } from '../../protocol/transcript.js';
import type { Db } from '../db/database.js';
import { MATCH_END, MATCH_START, ftsQuery, parseSnippet } from './fts-query.js';

export type HistoryHit = {
  sessionId: string;
  entryId: number;
  at: string;
  role: TranscriptRole;
  kind: TranscriptKind;
  snippet: string;
  highlights: [number, number][];
};

/** One session's part of a search: its best hits first, and how many it had in all. */
export type SessionHits = { sessionId: string; hits: HistoryHit[]; count: number };

export type HistorySearch = {
  text: string;
  state?: 'live' | 'exited' | undefined;
  /** Sessions to answer. */
  limit: number;
  /** Hits kept per session. */
  perSession?: number;
};

/** Matching entries read per search, best first: enough to rank sessions, bounded in cost. */
export const MAX_HITS = 500;
/** Tokens of context in a snippet. */
const SNIPPET_TOKENS = 16;

type HitRow = { entry_id: number; session_id: string; at: string; data_json: string; marked: string };

/**
 * A session's history in the database: its transcript search (FTS5, the index the events
 * triggers keep: server/db/migrations.ts) and forgetting all of it.
 */
export class HistoryStore {
  private readonly searches;
  private readonly forgetRows;

  constructor(db: Db) {
    const select = (stateFilter: string) =>
      db.prepare<[string, string, string, number], HitRow>(
        `SELECT t.rowid AS entry_id, t.session_id AS session_id, e.at AS at, e.data_json AS data_json,
                snippet(transcript_search, 1, ?, ?, '…', ${SNIPPET_TOKENS}) AS marked
         FROM transcript_search t
         JOIN events e ON e.id = t.rowid
         JOIN sessions s ON s.id = t.session_id
         WHERE transcript_search MATCH ? ${stateFilter}
         ORDER BY rank
         LIMIT ?`,
      );
    // Sessions forgotten before history was kept left their events behind: the join drops them.
    this.searches = {
      all: select(''),
      live: select("AND s.state <> 'exited'"),
      exited: select("AND s.state = 'exited'"),
    };
    const deletes = [
      db.prepare<[string]>('DELETE FROM events WHERE session_id = ?'),
      db.prepare<[string]>('DELETE FROM inbox WHERE session_id = ?'),
      db.prepare<[string]>('DELETE FROM permissions WHERE session_id = ?'),
    ];
    this.forgetRows = db.transaction((sessionId: string) => {
      for (const statement of deletes) statement.run(sessionId);
    });
  }

  /** Sessions whose transcript holds every word, the best-matching session first. */
  search(query: HistorySearch): SessionHits[] {
    const match = ftsQuery(query.text);
    if (match === null) return [];
    const rows = this.searches[query.state ?? 'all'].all(MATCH_START, MATCH_END, match, MAX_HITS);
    const perSession = query.perSession ?? 3;
    const bySession = new Map<string, SessionHits>();
    for (const row of rows) {
      let group = bySession.get(row.session_id);
      if (group === undefined) {
        if (bySession.size >= query.limit) continue;
        group = { sessionId: row.session_id, hits: [], count: 0 };
        bySession.set(row.session_id, group);
      }
      group.count++;
      if (group.hits.length < perSession) group.hits.push(toHit(row));
    }
    return [...bySession.values()];
  }

  /**
   * Deletes everything the hub recorded about a session: its timeline (the transcript and its
   * search index with it), its inbox and its permission requests (the audit log's part of it).
   */
  forget(sessionId: string): void {
    this.forgetRows(sessionId);
  }
}

function toHit(row: HitRow): HistoryHit {
  const data = JSON.parse(row.data_json) as { role?: TranscriptRole; kind?: TranscriptKind };
  return {
    sessionId: row.session_id,
    entryId: row.entry_id,
    at: row.at,
    role: data.role ?? 'system',
    kind: data.kind ?? 'said',
    ...parseSnippet(row.marked),
  };
}
