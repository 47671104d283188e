import type { SessionDialog, SessionState } from '../../protocol/session.js';
import type { Db } from '../db/database.js';

/** A session as the hub keeps it: the public fields plus the proxy's secret token. */
export type SessionRecord = {
  id: string;
  name: string;
  cwd: string;
  ownsFolder: boolean;
  claudeSessionId: string;
  tmuxSession: string;
  proxyToken: string;
  voice: string;
  /** Speech rate, 0.5..2 (1 is the voice's natural pace). */
  speed: number;
  muted: boolean;
  model: string | null;
  /** A shell-only session's command line (it runs instead of Claude Code); null for Claude Code. */
  command: string | null;
  /** The person allowed other sessions to type tasks into this one (off by default; never a shell). */
  acceptsSessionTasks: boolean;
  state: SessionState;
  statusText: string | null;
  dialog: SessionDialog | null;
  /** From the status line: how full Claude's context window is, 0-100. */
  contextPercent: number | null;
  createdAt: string;
  lastActivityAt: string;
  exitedAt: string | null;
  exitReason: string | null;
  /** The person put the exited session away: Past sessions only, no tab (cleared by a resume). */
  archived: boolean;
};

/** Durable session records; the hub re-adopts live tmux sessions from these after a restart. */
export interface SessionStore {
  all(): SessionRecord[];
  get(id: string): SessionRecord | undefined;
  insert(record: SessionRecord): void;
  update(record: SessionRecord): void;
  remove(id: string): void;
}

type Row = {
  id: string;
  name: string;
  cwd: string;
  owns_folder: number;
  claude_session_id: string;
  tmux_session: string;
  proxy_token: string;
  voice: string;
  speed: number;
  muted: number;
  model: string | null;
  command: string | null;
  accepts_session_tasks: number;
  state: SessionState;
  status_text: string | null;
  dialog_json: string | null;
  context_percent: number | null;
  created_at: string;
  last_activity_at: string;
  exited_at: string | null;
  exit_reason: string | null;
  archived: number;
};

const COLUMNS = [
  'id',
  'name',
  'cwd',
  'owns_folder',
  'claude_session_id',
  'tmux_session',
  'proxy_token',
  'voice',
  'speed',
  'muted',
  'model',
  'command',
  'accepts_session_tasks',
  'state',
  'status_text',
  'dialog_json',
  'context_percent',
  'created_at',
  'last_activity_at',
  'exited_at',
  'exit_reason',
  'archived',
] as const;

export class SqliteSessionStore implements SessionStore {
  private readonly selectAll;
  private readonly selectOne;
  private readonly insertRow;
  private readonly updateRow;
  private readonly deleteRow;

  constructor(db: Db) {
    this.selectAll = db.prepare<[], Row>('SELECT * FROM sessions ORDER BY created_at, id');
    this.selectOne = db.prepare<[string], Row>('SELECT * FROM sessions WHERE id = ?');
    this.insertRow = db.prepare<Row>(
      `INSERT INTO sessions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.updateRow = db.prepare<Row>(
      `UPDATE sessions SET ${COLUMNS.filter((c) => c !== 'id')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE id = @id`,
    );
    this.deleteRow = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  }

  all(): SessionRecord[] {
    return this.selectAll.all().map(fromRow);
  }

  get(id: string): SessionRecord | undefined {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  insert(record: SessionRecord): void {
    this.insertRow.run(toRow(record));
  }

  update(record: SessionRecord): void {
    this.updateRow.run(toRow(record));
  }

  remove(id: string): void {
    this.deleteRow.run(id);
  }
}

function toRow(r: SessionRecord): Row {
  return {
    id: r.id,
    name: r.name,
    cwd: r.cwd,
    owns_folder: r.ownsFolder ? 1 : 0,
    claude_session_id: r.claudeSessionId,
    tmux_session: r.tmuxSession,
    proxy_token: r.proxyToken,
    voice: r.voice,
    speed: r.speed,
    muted: r.muted ? 1 : 0,
    model: r.model,
    command: r.command,
    accepts_session_tasks: r.acceptsSessionTasks ? 1 : 0,
    state: r.state,
    status_text: r.statusText,
    dialog_json: r.dialog === null ? null : JSON.stringify(r.dialog),
    context_percent: r.contextPercent,
    created_at: r.createdAt,
    last_activity_at: r.lastActivityAt,
    exited_at: r.exitedAt,
    exit_reason: r.exitReason,
    archived: r.archived ? 1 : 0,
  };
}

function fromRow(row: Row): SessionRecord {
  return {
    id: row.id,
    name: row.name,
    cwd: row.cwd,
    ownsFolder: row.owns_folder === 1,
    claudeSessionId: row.claude_session_id,
    tmuxSession: row.tmux_session,
    proxyToken: row.proxy_token,
    voice: row.voice,
    speed: row.speed,
    muted: row.muted === 1,
    model: row.model,
    command: row.command,
    acceptsSessionTasks: row.accepts_session_tasks === 1,
    state: row.state,
    statusText: row.status_text,
    dialog: row.dialog_json === null ? null : (JSON.parse(row.dialog_json) as SessionDialog),
    contextPercent: row.context_percent,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    exitedAt: row.exited_at,
    exitReason: row.exit_reason,
    archived: row.archived === 1,
  };
}
