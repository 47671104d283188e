import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

export type TicketGrant = { sessionId: string; write: boolean };

export type IssuedTicket = TicketGrant & { ticket: string; expiresAt: number };

export type TicketRefusal = 'unknown' | 'used' | 'expired' | 'other_session';

export type RedeemResult = { ok: true; grant: TicketGrant } | { ok: false; reason: TicketRefusal };

type Entry = TicketGrant & { digest: Buffer; expiresAt: number; used: boolean };

/** Refused tickets are remembered this long after expiry, so a late retry hears "expired", not "unknown". */
const REMEMBER_MS = 60_000;
/** Unused live tickets at once: far more than any person opens; a bound against a runaway client. */
const MAX_LIVE = 1_000;

/**
 * Single-use terminal tickets, in memory only (they live for seconds). A ticket is 32 random
 * bytes, base64url; only its SHA-256 digest is kept, so the map is looked up by a value the
 * caller cannot steer, and the digests are compared in constant time.
 */
export class TicketStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly random: () => Buffer = () => randomBytes(32),
  ) {}

  issue(sessionId: string, write: boolean): IssuedTicket {
    this.prune();
    const live = [...this.entries.values()].filter((e) => !e.used && e.expiresAt > this.now()).length;
    if (live >= MAX_LIVE) {
      throw new AppError('unavailable', 'Too many unused terminal tickets; wait for them to expire.');
    }
    const ticket = this.random().toString('base64url');
    const digest = digestOf(ticket);
    const expiresAt = this.now() + this.ttlMs;
    this.entries.set(digest.toString('hex'), { sessionId, write, digest, expiresAt, used: false });
    return { ticket, sessionId, write, expiresAt };
  }

  /** Spends the ticket whatever the outcome: a ticket is presented once, to one session. */
  redeem(ticket: string, sessionId: string): RedeemResult {
    this.prune();
    const digest = digestOf(ticket);
    const entry = this.entries.get(digest.toString('hex'));
    if (entry === undefined || !timingSafeEqual(entry.digest, digest))
      return { ok: false, reason: 'unknown' };
    const wasUsed = entry.used;
    entry.used = true;
    if (wasUsed) return { ok: false, reason: 'used' };
    if (this.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    if (entry.sessionId !== sessionId) return { ok: false, reason: 'other_session' };
    return { ok: true, grant: { sessionId: entry.sessionId, write: entry.write } };
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now >= entry.expiresAt + REMEMBER_MS) this.entries.delete(key);
    }
  }
}

/** The sentence the page and scripts see when a ticket is refused (a WebSocket close reason: <= 123 bytes). */
export function refusalMessage(reason: TicketRefusal, ttlMs: number): string {
  switch (reason) {
    case 'unknown':
      return 'unknown terminal ticket: POST /api/sessions/<id>/terminal-ticket for one';
    case 'used':
      return 'terminal ticket already used: each ticket opens one connection';
    case 'expired':
      return `terminal ticket expired: tickets are valid for ${Math.round(ttlMs / 100) / 10} s`;
    case 'other_session':
      return 'terminal ticket is for another session';
  }
}

function digestOf(ticket: string): Buffer {
  return createHash('sha256').update(ticket).digest();
}
