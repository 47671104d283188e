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
 * with the same callId (the proxy retries after a hub restart) joins the existing wait.
 */
export class ConverseBroker {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly listeners = new Set<(sessionId: string) => void>();

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
    this.changed(sessionId);
    return answer;
  }

  /** The oldest call still waiting in this session. */
  oldest(sessionId: string): PendingConverse | undefined {
    const first = this.waiting.get(sessionId)?.[0];
    return first === undefined ? undefined : describe(first);
  }

  /** Answers the session's oldest waiting call; false when none waits. */
  answer(sessionId: string, text: string): boolean {
    const queue = this.waiting.get(sessionId);
    const first = queue?.shift();
    if (queue === undefined || first === undefined) return false;
    if (queue.length === 0) this.waiting.delete(sessionId);
    first.resolve(text);
    this.changed(sessionId);
    return true;
  }

  /** Answers one call by its id; false when it no longer waits. */
  answerCall(sessionId: string, callId: string, text: string): boolean {
    const queue = this.waiting.get(sessionId);
    const index = queue?.findIndex((w) => w.callId === callId) ?? -1;
    if (queue === undefined || index < 0) return false;
    const [waiter] = queue.splice(index, 1);
    if (queue.length === 0) this.waiting.delete(sessionId);
    waiter?.resolve(text);
    this.changed(sessionId);
    return true;
  }

  /** Answers every waiting call of a session with the same text (the session stopped). */
  cancelAll(sessionId: string, text: string): void {
    const queue = this.waiting.get(sessionId) ?? [];
    this.waiting.delete(sessionId);
    for (const waiter of queue) waiter.resolve(text);
    if (queue.length > 0) this.changed(sessionId);
  }

  onChange(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(sessionId: string): void {
    for (const listener of this.listeners) listener(sessionId);
  }
}

function describe(w: Waiter): PendingConverse {
  return { sessionId: w.sessionId, callId: w.callId, message: w.message, askedAt: w.askedAt };
}
