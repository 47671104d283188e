import type { InboxMessage, MessageKind } from '../../protocol/messages.js';
import type { Db } from '../db/database.js';

type Row = {
  id: number;
  session_id: string;
  from_name: string;
  from_session_id: string | null;
  kind: MessageKind;
  text: string;
  created_at: string;
  delivered_at: string | null;
  event_id: number;
};

export type NewInboxMessage = Omit<InboxMessage, 'id' | 'deliveredAt'>;

/** Sessions' inboxes in SQLite: a message waits (delivered_at NULL) until it is typed in or read. */
export class InboxStore {
  private readonly insertRow;
  private readonly waitingRows;
  private readonly recentRows;
  private readonly markRow;
  private readonly countRow;
  private readonly taskRow;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare<[string, string, string | null, string, string, string, number]>(
      `INSERT INTO inbox (session_id, from_name, from_session_id, kind, text, created_at, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.waitingRows = db.prepare<[string], Row>(
      'SELECT * FROM inbox WHERE session_id = ? AND delivered_at IS NULL ORDER BY id',
    );
    this.recentRows = db.prepare<[string, number], Row>(
      'SELECT * FROM (SELECT * FROM inbox WHERE session_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
    );
    this.countRow = db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM inbox WHERE session_id = ? AND delivered_at IS NULL',
    );
    this.taskRow = db.prepare<[string], { one: number }>(
      "SELECT 1 AS one FROM inbox WHERE session_id = ? AND delivered_at IS NULL AND kind = 'task' LIMIT 1",
    );
    this.markRow = db.prepare<[string, number]>(
      'UPDATE inbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL',
    );
  }

  insert(message: NewInboxMessage): InboxMessage {
    const result = this.insertRow.run(
      message.sessionId,
      message.from,
      message.fromSessionId,
      message.kind,
      message.text,
      message.createdAt,
      message.eventId,
    );
    return { ...message, id: Number(result.lastInsertRowid), deliveredAt: null };
  }

  /** Messages not yet delivered, oldest first. */
  waiting(sessionId: string): InboxMessage[] {
    return this.waitingRows.all(sessionId).map(fromRow);
  }

  /** Whether a task waits: the only kind that is typed in on its own. */
  hasWaitingTask(sessionId: string): boolean {
    return this.taskRow.get(sessionId) !== undefined;
  }

  countWaiting(sessionId: string): number {
    return this.countRow.get(sessionId)?.n ?? 0;
  }

  recent(sessionId: string, limit: number): InboxMessage[] {
    return this.recentRows.all(sessionId, limit).map(fromRow);
  }

  /** Marks them delivered; returns those this call marked (a message is delivered once). */
  markDelivered(ids: number[], at: string): number[] {
    return this.db.transaction(() => ids.filter((id) => this.markRow.run(at, id).changes === 1))();
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

function fromRow(row: Row): InboxMessage {
  return {
    id: row.id,
    sessionId: row.session_id,
    from: row.from_name,
    fromSessionId: row.from_session_id,
    kind: row.kind,
    text: row.text,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    eventId: row.event_id,
  };
}
