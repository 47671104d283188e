import type Database from 'better-sqlite3';
import type { Db } from '../db/database.js';

/** One stored event: `data` is the kind's own JSON. */
export type StoredEvent = { id: number; sessionId: string | null; kind: string; at: string; data: unknown };

export type EventQuery = {
  /** Only this session's events; all sessions when absent. */
  sessionId?: string | undefined;
  /** Only these kinds; every kind when absent. */
  kinds?: readonly string[] | undefined;
  /** Only events with a larger id, oldest first. Without it: the newest `limit` events. */
  since?: number | undefined;
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
  private readonly maxId;
  private readonly statements = new Map<string, Database.Statement<unknown[], Row>>();

  constructor(private readonly db: Db) {
    this.insert = db.prepare<[string | null, string, string, string]>(
      'INSERT INTO events (session_id, kind, at, data_json) VALUES (?, ?, ?, ?)',
    );
    // sqlite_sequence keeps the highest id even after rows are deleted.
    this.maxId = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
  }

  append(event: { sessionId: string | null; kind: string; at: string; data: unknown }): StoredEvent {
    const result = this.insert.run(event.sessionId, event.kind, event.at, JSON.stringify(event.data));
    return { id: Number(result.lastInsertRowid), ...event };
  }

  list(query: EventQuery): StoredEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.sessionId !== undefined) {
      where.push('session_id = ?');
      params.push(query.sessionId);
    }
    if (query.kinds !== undefined) {
      where.push(`kind IN (${query.kinds.map(() => '?').join(', ')})`);
      params.push(...query.kinds);
    }
    if (query.since !== undefined) {
      where.push('id > ?');
      params.push(query.since);
    }
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const sql =
      query.since === undefined
        ? `SELECT * FROM (SELECT * FROM events ${filter} ORDER BY id DESC LIMIT ?) ORDER BY id`
        : `SELECT * FROM events ${filter} ORDER BY id LIMIT ?`;
    params.push(query.limit);
    // A handful of shapes only (which filters are set): each is prepared once.
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[], Row>(sql);
      this.statements.set(sql, statement);
    }
    return statement.all(...params).map((row) => ({
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
