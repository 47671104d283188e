import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { generateToken } from './token.js';

/** A page's login: what the person sees in the list of logins, never the secret. */
export type PageLogin = { id: string; label: string; createdAt: string; lastUsedAt: string };

/** last_used_at is written at most this often per login: a page makes many requests a minute. */
const TOUCH_EVERY_MS = 60_000;
const MAX_LABEL = 200;

type Row = { id: string; secret_sha256: string; label: string; created_at: string; last_used_at: string };

/**
 * The page's own credential. The person gets one by presenting a single-use login code (the URL
 * `npm start` and `switchboard open` print) or the hub token; the page keeps it, so the hub token
 * itself never has to be in a browser. Only a digest is stored; every login can be revoked.
 * Looked up in memory (one map), since the person scope checks one on every page request.
 */
export class PageLogins {
  private readonly byDigest = new Map<string, PageLogin>();
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    const rows = db.prepare('SELECT * FROM logins').all() as Row[];
    for (const row of rows) this.byDigest.set(row.secret_sha256, fromRow(row));
  }

  create(label: string): { login: PageLogin; credential: string } {
    const credential = generateToken();
    const at = new Date(this.now()).toISOString();
    const login: PageLogin = {
      id: `login_${randomBytes(6).toString('hex')}`,
      label: label.slice(0, MAX_LABEL) || 'a browser',
      createdAt: at,
      lastUsedAt: at,
    };
    const digest = digestOf(credential);
    this.db
      .prepare(
        'INSERT INTO logins (id, secret_sha256, label, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(login.id, digest, login.label, login.createdAt, login.lastUsedAt);
    this.byDigest.set(digest, login);
    return { login, credential };
  }

  /** The login a credential belongs to, or undefined; notes that it was used. */
  verify(credential: string): PageLogin | undefined {
    const login = this.byDigest.get(digestOf(credential));
    if (login === undefined) return undefined;
    const now = this.now();
    if (now - (this.touchedAt.get(login.id) ?? 0) >= TOUCH_EVERY_MS) {
      this.touchedAt.set(login.id, now);
      login.lastUsedAt = new Date(now).toISOString();
      this.db.prepare('UPDATE logins SET last_used_at = ? WHERE id = ?').run(login.lastUsedAt, login.id);
    }
    return login;
  }

  list(): PageLogin[] {
    return [...this.byDigest.values()]
      .map((login) => ({ ...login }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Forgets a login: its page has to log in again. False when there is no such login. */
  revoke(id: string): boolean {
    for (const [digest, login] of this.byDigest) {
      if (login.id !== id) continue;
      this.db.prepare('DELETE FROM logins WHERE id = ?').run(id);
      this.byDigest.delete(digest);
      this.touchedAt.delete(id);
      return true;
    }
    return false;
  }
}

function fromRow(row: Row): PageLogin {
  return { id: row.id, label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

function digestOf(credential: string): string {
  return createHash('sha256').update(credential).digest('hex');
}
