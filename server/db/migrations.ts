/**
 * Schema migrations, applied in order; the index + 1 is the schema version (PRAGMA user_version).
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     cwd TEXT NOT NULL,
     owns_folder INTEGER NOT NULL,
     claude_session_id TEXT NOT NULL,
     tmux_session TEXT NOT NULL,
     proxy_token TEXT NOT NULL,
     voice TEXT NOT NULL,
     model TEXT,
     state TEXT NOT NULL,
     status_text TEXT,
     dialog_json TEXT,
     created_at TEXT NOT NULL,
     last_activity_at TEXT NOT NULL,
     exited_at TEXT,
     exit_reason TEXT
   );
   CREATE INDEX sessions_by_name ON sessions (name);`,
  // Voice settings per session (issue 3).
  `ALTER TABLE sessions ADD COLUMN speed REAL NOT NULL DEFAULT 1.0;
   ALTER TABLE sessions ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;`,
  // The event timeline (issue 4: the transcript; issue 6 adds messages and the rest). The id is
  // the cursor clients hold, so it only grows (AUTOINCREMENT never reuses a deleted id).
  // Events outlive their session's row: the history stays readable after a session is removed.
  `CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     session_id TEXT,
     kind TEXT NOT NULL,
     at TEXT NOT NULL,
     data_json TEXT NOT NULL
   );
   CREATE INDEX events_by_session ON events (session_id, kind, id);
   ALTER TABLE sessions ADD COLUMN context_percent REAL;`,
  // Permission prompts and their decisions (issue 5): pending ones survive a hub restart, decided
  // ones are the audit log. request_key makes asking twice (a retry) find the same request.
  `CREATE TABLE permissions (
     id TEXT PRIMARY KEY,
     session_id TEXT NOT NULL,
     request_key TEXT NOT NULL,
     data_json TEXT NOT NULL,
     state TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE UNIQUE INDEX permissions_by_key ON permissions (session_id, request_key);
   CREATE INDEX permissions_by_state ON permissions (state, created_at);`,
  // Inboxes (issue 6): messages for a session, typed in (or read) exactly once. The sending
  // event and the inbox row are written in one transaction.
  `CREATE TABLE inbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     session_id TEXT NOT NULL,
     from_name TEXT NOT NULL,
     from_session_id TEXT,
     kind TEXT NOT NULL,
     text TEXT NOT NULL,
     created_at TEXT NOT NULL,
     delivered_at TEXT,
     event_id INTEGER NOT NULL
   );
   CREATE INDEX inbox_waiting ON inbox (session_id, delivered_at, id);`,
  // Shell-only sessions (issue 7): the command line they run instead of Claude Code (NULL for
  // Claude), so an exit is told in the right words.
  `ALTER TABLE sessions ADD COLUMN command TEXT;`,
  // Reading a session's whole timeline after a cursor (every kind) and asking "does a task wait?"
  // must not scan the session's history: both were O(events) per long poll or delivery check.
  `CREATE INDEX events_by_session_id ON events (session_id, id);
   CREATE INDEX inbox_waiting_kind ON inbox (session_id, delivered_at, kind);`,
  // Page logins (issue 12): the page never holds the hub token; it holds a login of its own,
  // made with a single-use login code or the token, kept only as a SHA-256 digest, revocable.
  `CREATE TABLE logins (
     id TEXT PRIMARY KEY,
     secret_sha256 TEXT NOT NULL UNIQUE,
     label TEXT NOT NULL,
     created_at TEXT NOT NULL,
     last_used_at TEXT NOT NULL
   );`,
  // Whether a session takes tasks from other sessions (issue 12): off until the person allows it.
  `ALTER TABLE sessions ADD COLUMN accepts_session_tasks INTEGER NOT NULL DEFAULT 0;`,
  // Following each session's Claude Code transcript file (issue 13): which file, and how far the
  // hub has read it, so a restart neither loses nor repeats an entry.
  `CREATE TABLE transcript_follow (
     session_id TEXT PRIMARY KEY,
     path TEXT NOT NULL,
     offset INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  // History outlives sessions (issue 13): a stopped session stays, `archived` once the person put
  // it away (Past sessions only, no tab). Transcripts are searched with FTS5; triggers keep the
  // index in step with the events table whoever writes it (rowid = the event id), and the
  // transcripts written before this migration are indexed by it. char(2) and char(3) mark matches
  // in snippets (server/history/fts-query.ts), so the index never holds them.
  `ALTER TABLE sessions ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
   CREATE VIRTUAL TABLE transcript_search USING fts5(
     session_id UNINDEXED,
     text,
     tokenize = 'porter unicode61 remove_diacritics 2'
   );
   CREATE TRIGGER transcript_search_insert AFTER INSERT ON events WHEN new.kind = 'transcript'
   BEGIN
     INSERT INTO transcript_search (rowid, session_id, text)
     VALUES (new.id, new.session_id,
       replace(replace(COALESCE(json_extract(new.data_json, '$.text'), ''), char(2), ''), char(3), ''));
   END;
   CREATE TRIGGER transcript_search_delete AFTER DELETE ON events WHEN old.kind = 'transcript'
   BEGIN
     DELETE FROM transcript_search WHERE rowid = old.id;
   END;
   INSERT INTO transcript_search (rowid, session_id, text)
   SELECT id, session_id,
     replace(replace(COALESCE(json_extract(data_json, '$.text'), ''), char(2), ''), char(3), '') FROM events
   WHERE kind = 'transcript';`,
];
