import type { Db } from '../db/database.js';

/** One stored event: `data` is the kind's own JSON. */
export type StoredEvent = { id: number; sessionId: string | null; kind: string; at: string; data: unknown };

export type EventQuery = {
  sessionId: string;
  kind: string;
  /** Only events with a larger id. Without it: the newest `limit` events. */
  since?: number;
  limit: number;
};

/** The hub's timeline: append-only, every event with a monotonic id (the clients' cursor). */
export interface EventStore {
  append(event: { sessionId: string | null; kind: string; at: string; data: unknown }): StoredEvent;
  list(query: EventQuery): StoredEvent[];
  /** The largest id ever given, 0 when none: a cursor above it does not exist. */
  lastId(): number;
}

type Row = { id: number; session_id: string | null; kind: string; at: string; data_json: string };

export class SqliteEventStore implements EventStore {
  private readonly insert;
  private readonly after;
  private readonly newest;
  private readonly maxId;

  constructor(db: Db) {
    this.insert = db.prepare<[string | null, string, string, string]>(
      'INSERT INTO events (session_id, kind, at, data_json) VALUES (?, ?, ?, ?)',
    );
    this.after = db.prepare<[string, string, number, number], Row>(
      'SELECT * FROM events WHERE session_id = ? AND kind = ? AND id > ? ORDER BY id LIMIT ?',
    );
    this.newest = db.prepare<[string, string, number], Row>(
      'SELECT * FROM (SELECT * FROM events WHERE session_id = ? AND kind = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
    );
    // sqlite_sequence keeps the highest id even after rows are deleted.
    this.maxId = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
  }

  append(event: { sessionId: string | null; kind: string; at: string; data: unknown }): StoredEvent {
    const result = this.insert.run(event.sessionId, event.kind, event.at, JSON.stringify(event.data));
    return { id: Number(result.lastInsertRowid), ...event };
  }

  list(query: EventQuery): StoredEvent[] {
    const rows =
      query.since === undefined
        ? this.newest.all(query.sessionId, query.kind, query.limit)
        : this.after.all(query.sessionId, query.kind, query.since, query.limit);
    return rows.map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      kind: row.kind,
      at: row.at,
      data: JSON.parse(row.data_json) as unknown,
    }));
  }

  lastId(): number {
    return this.maxId.get()?.seq ?? 0;
  }
}
