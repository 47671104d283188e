/** A `converse` call from a session's proxy that waits for the person's answer. */
export type PendingConverse = {
  sessionId: string;
  callId: string;
  message: string;
  askedAt: number;
};

type Waiter = PendingConverse & { resolve: (text: string) => void; answer: Promise<string> };

/**
 * Holds every converse call that waits for an answer, oldest first per session. A call re-sent
 * with the same callId (the proxy retries after a hub restart) joins the existing wait. Callers
 * announce the session's change themselves (it shows the oldest waiting message).
 */
export class ConverseBroker {
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves with the text the tool call returns to Claude. */
  ask(sessionId: string, callId: string, message: string): Promise<string> {
    const queue = this.waiting.get(sessionId) ?? [];
    const existing = queue.find((w) => w.callId === callId);
    if (existing !== undefined) return existing.answer;
    let resolve!: (text: string) => void;
    const answer = new Promise<string>((r) => (resolve = r));
    queue.push({ sessionId, callId, message, askedAt: this.now(), resolve, answer });
    this.waiting.set(sessionId, queue);
    return answer;
  }

  /** The oldest call still waiting in this session. */
  oldest(sessionId: string): PendingConverse | undefined {
    const first = this.waiting.get(sessionId)?.[0];
    return first === undefined ? undefined : describe(first);
  }

  /** Answers one call by its id; false when it no longer waits. */
  answerCall(sessionId: string, callId: string, text: string): boolean {
    const queue = this.waiting.get(sessionId);
    const index = queue?.findIndex((w) => w.callId === callId) ?? -1;
    if (queue === undefined || index < 0) return false;
    const [waiter] = queue.splice(index, 1);
    if (queue.length === 0) this.waiting.delete(sessionId);
    waiter?.resolve(text);
    return true;
  }

  /** Answers every waiting call of a session with the same text (the session stopped). */
  cancelAll(sessionId: string, text: string): void {
    const queue = this.waiting.get(sessionId) ?? [];
    this.waiting.delete(sessionId);
    for (const waiter of queue) waiter.resolve(text);
  }
}

function describe(w: Waiter): PendingConverse {
  return { sessionId: w.sessionId, callId: w.callId, message: w.message, askedAt: w.askedAt };
}
