import { OneTimeSecrets, type SecretRefusal } from '../auth/one-time-secrets.js';

export type TicketGrant = { sessionId: string; write: boolean };

export type IssuedTicket = TicketGrant & { ticket: string; expiresAt: number };

export type TicketRefusal = SecretRefusal | 'other_session';

export type RedeemResult = { ok: true; grant: TicketGrant } | { ok: false; reason: TicketRefusal };

/** Single-use terminal tickets (server/auth/one-time-secrets.ts), each for one session. */
export class TicketStore {
  private readonly secrets: OneTimeSecrets<TicketGrant>;

  constructor(ttlMs: number, now: () => number = Date.now, random?: () => Buffer) {
    this.secrets = new OneTimeSecrets('terminal tickets', ttlMs, now, random);
  }

  issue(sessionId: string, write: boolean): IssuedTicket {
    const { secret, expiresAt } = this.secrets.issue({ sessionId, write });
    return { ticket: secret, sessionId, write, expiresAt };
  }

  /** Spends the ticket whatever the outcome: a ticket is presented once, to one session. */
  redeem(ticket: string, sessionId: string): RedeemResult {
    const redeemed = this.secrets.redeem(ticket);
    if (!redeemed.ok) return redeemed;
    if (redeemed.grant.sessionId !== sessionId) return { ok: false, reason: 'other_session' };
    return redeemed;
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
