import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../server/db/database.js';
import { MIGRATIONS } from '../../../../server/db/migrations.js';

/**
 * A person upgrades from whatever hub they ran last: every earlier schema version must come up
 * to the current one with its rows intact. Each case builds a database as that version left it
 * (the migrations up to it, as they shipped), writes what such a hub wrote, and migrates.
 */
function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql);
  db.pragma(`user_version = ${version}`);
  return db;
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(name) !== undefined;
}

/** What a hub at that version had written: a session, and (once there was a timeline) its transcript. */
function writeAsThatHub(db: Database.Database): { eventId: number | null } {
  if (hasTable(db, 'sessions')) {
    db.prepare(
      `INSERT INTO sessions (id, name, cwd, owns_folder, claude_session_id, tmux_session, proxy_token, voice,
         model, state, status_text, dialog_json, created_at, last_activity_at, exited_at, exit_reason)
       VALUES ('s1', 'parser', '/work/parser', 1, 'c1', 'sb-s1', 'secret', 'af_heart',
         NULL, 'idle', NULL, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, NULL)`,
    ).run();
  }
  if (!hasTable(db, 'events')) return { eventId: null };
  const result = db
    .prepare(`INSERT INTO events (session_id, kind, at, data_json) VALUES ('s1', 'transcript', ?, ?)`)
    .run('2026-01-01T00:00:01Z', JSON.stringify({ role: 'assistant', text: 'The parser refactor is done.' }));
  return { eventId: Number(result.lastInsertRowid) };
}

describe('migrating the database', () => {
  for (let version = 0; version < MIGRATIONS.length; version++) {
    it(`brings a version ${version} database to version ${MIGRATIONS.length} with its rows`, () => {
      const db = databaseAt(version);
      const { eventId } = writeAsThatHub(db);

      migrate(db);

      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      if (version > 0) {
        // The session keeps what it had and gets every later column's default.
        expect(db.prepare(`SELECT * FROM sessions WHERE id = 's1'`).get()).toMatchObject({
          name: 'parser',
          proxy_token: 'secret',
          state: 'idle',
          speed: 1,
          muted: 0,
          command: null,
          accepts_session_tasks: 0,
          archived: 0,
        });
      }
      if (eventId !== null) {
        // A transcript written before search existed is found by it.
        const found = db
          .prepare(`SELECT rowid AS id FROM transcript_search WHERE transcript_search MATCH 'parser'`)
          .all() as { id: number }[];
        expect(found).toEqual([{ id: eventId }]);
      }
      // And the hub writes on as usual: a new transcript is indexed by the trigger.
      db.prepare(
        `INSERT INTO events (session_id, kind, at, data_json) VALUES ('s1', 'transcript', 'now', ?)`,
      ).run(JSON.stringify({ text: 'Migrations checked.' }));
      expect(
        db
          .prepare(`SELECT count(*) AS n FROM transcript_search WHERE transcript_search MATCH 'migrations'`)
          .get(),
      ).toEqual({ n: 1 });
      db.close();
    });
  }

  it('leaves a current database as it is', () => {
    const db = databaseAt(MIGRATIONS.length);
    writeAsThatHub(db);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT count(*) AS n FROM sessions`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses a database from a newer hub, naming both versions, and changes nothing', () => {
    const db = databaseAt(MIGRATIONS.length);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(
      `The database schema (version ${MIGRATIONS.length + 1}) is newer than this hub understands (${MIGRATIONS.length}); upgrade Switchboard.`,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    db.close();
  });
});
