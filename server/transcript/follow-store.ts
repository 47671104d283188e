import type { Db } from '../db/database.js';

/** Which Claude Code transcript file a session writes, and the byte offset read so far. */
export type FollowPosition = { path: string; offset: number };

export class FollowStore {
  private readonly selectOne;
  private readonly upsert;
  private readonly deleteOne;

  constructor(db: Db) {
    this.selectOne = db.prepare<[string], { path: string; offset: number }>(
      'SELECT path, offset FROM transcript_follow WHERE session_id = ?',
    );
    this.upsert = db.prepare<[string, string, number, string]>(
      `INSERT INTO transcript_follow (session_id, path, offset, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET path = excluded.path, offset = excluded.offset,
       updated_at = excluded.updated_at`,
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM transcript_follow WHERE session_id = ?');
  }

  get(sessionId: string): FollowPosition | undefined {
    return this.selectOne.get(sessionId);
  }

  set(sessionId: string, position: FollowPosition): void {
    this.upsert.run(sessionId, position.path, position.offset, new Date().toISOString());
  }

  forget(sessionId: string): void {
    this.deleteOne.run(sessionId);
  }
}
