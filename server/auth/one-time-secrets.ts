import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

export type SecretRefusal = 'unknown' | 'used' | 'expired';

export type Redeemed<G> = { ok: true; grant: G } | { ok: false; reason: SecretRefusal };

type Entry<G> = { grant: G; digest: Buffer; expiresAt: number; used: boolean };

/** Refused secrets are remembered this long after expiry, so a late retry hears "expired", not "unknown". */
const REMEMBER_MS = 60_000;
/** Unused live secrets at once: far more than any person asks for; a bound against a runaway client. */
const MAX_LIVE = 1_000;

/**
 * Short-lived single-use secrets, in memory only: terminal tickets, login codes. A secret is 32
 * random bytes, base64url; only its SHA-256 digest is kept, so the map is looked up by a value
 * the caller cannot steer, and the digests are compared in constant time. `what` names them in
 * errors ("terminal tickets").
 */
export class OneTimeSecrets<G> {
  private readonly entries = new Map<string, Entry<G>>();

  constructor(
    private readonly what: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly random: () => Buffer = () => randomBytes(32),
  ) {}

  issue(grant: G): { secret: string; expiresAt: number } {
    this.prune();
    const now = this.now();
    const live = [...this.entries.values()].filter((e) => !e.used && e.expiresAt > now).length;
    if (live >= MAX_LIVE)
      throw new AppError('unavailable', `Too many unused ${this.what}; wait for them to expire.`);
    const secret = this.random().toString('base64url');
    const digest = digestOf(secret);
    const expiresAt = now + this.ttlMs;
    this.entries.set(digest.toString('hex'), { grant, digest, expiresAt, used: false });
    return { secret, expiresAt };
  }

  /** Spends the secret whatever the outcome: each one is presented once. */
  redeem(secret: string): Redeemed<G> {
    this.prune();
    const digest = digestOf(secret);
    const entry = this.entries.get(digest.toString('hex'));
    if (entry === undefined || !timingSafeEqual(entry.digest, digest))
      return { ok: false, reason: 'unknown' };
    const wasUsed = entry.used;
    entry.used = true;
    if (wasUsed) return { ok: false, reason: 'used' };
    if (this.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant: entry.grant };
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now >= entry.expiresAt + REMEMBER_MS) this.entries.delete(key);
    }
  }
}

function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
