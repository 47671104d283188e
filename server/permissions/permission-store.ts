import {
  permissionRequestSchema,
  type PermissionRequest,
  type PermissionState,
} from '../../protocol/permissions.js';
import type { Db } from '../db/database.js';

/** Permission requests, pending and decided: pending ones outlive a hub restart; all are the audit log. */
export interface PermissionStore {
  insert(request: PermissionRequest, requestKey: string): void;
  update(request: PermissionRequest): void;
  get(id: string): PermissionRequest | undefined;
  byKey(sessionId: string, requestKey: string): PermissionRequest | undefined;
  /** Newest first. */
  list(filter: { state?: PermissionState; sessionId?: string; limit: number }): PermissionRequest[];
}

type Row = { data_json: string };

export class SqlitePermissionStore implements PermissionStore {
  private readonly insertRow;
  private readonly updateRow;
  private readonly selectOne;
  private readonly selectByKey;
  private readonly selectList;

  constructor(db: Db) {
    this.insertRow = db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO permissions (id, session_id, request_key, data_json, state, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.updateRow = db.prepare<[string, string, string]>(
      'UPDATE permissions SET data_json = ?, state = ? WHERE id = ?',
    );
    this.selectOne = db.prepare<[string], Row>('SELECT data_json FROM permissions WHERE id = ?');
    this.selectByKey = db.prepare<[string, string], Row>(
      'SELECT data_json FROM permissions WHERE session_id = ? AND request_key = ?',
    );
    // NULL filters match everything, so one statement serves every combination.
    this.selectList = db.prepare<[string | null, string | null, string | null, string | null, number], Row>(
      `SELECT data_json FROM permissions
       WHERE (? IS NULL OR state = ?) AND (? IS NULL OR session_id = ?)
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    );
  }

  insert(request: PermissionRequest, requestKey: string): void {
    this.insertRow.run(
      request.id,
      request.sessionId,
      requestKey,
      JSON.stringify(request),
      request.state,
      request.createdAt,
    );
  }

  update(request: PermissionRequest): void {
    this.updateRow.run(JSON.stringify(request), request.state, request.id);
  }

  get(id: string): PermissionRequest | undefined {
    return parse(this.selectOne.get(id));
  }

  byKey(sessionId: string, requestKey: string): PermissionRequest | undefined {
    return parse(this.selectByKey.get(sessionId, requestKey));
  }

  list(filter: { state?: PermissionState; sessionId?: string; limit: number }): PermissionRequest[] {
    const state = filter.state ?? null;
    const session = filter.sessionId ?? null;
    return this.selectList
      .all(state, state, session, session, filter.limit)
      .map((row) => permissionRequestSchema.parse(JSON.parse(row.data_json)));
  }
}

/** Read through the schema: requests stored by an older hub get the fields added since (defaults). */
function parse(row: Row | undefined): PermissionRequest | undefined {
  return row === undefined ? undefined : permissionRequestSchema.parse(JSON.parse(row.data_json));
}
