/** What the hub answers a proxy call with (the `result` frame without its type and callId). */
export type CallAnswer = { text: string; isError: boolean };

/**
 * Answers of proxy calls that must not run twice, by session and callId. After a lost connection
 * the proxy re-sends every unanswered call with its original callId; when the hub had already run
 * it (only the answer was lost), the re-sent call gets the first answer instead of a second message
 * or an inbox that was already taken. In memory only: a hub restart forgets it.
 */
export class CallMemo {
  private readonly bySession = new Map<string, Map<string, Promise<CallAnswer>>>();

  /** `perSession` bounds the memory: a proxy re-sends only its few unanswered calls. */
  constructor(private readonly perSession = 256) {}

  /** Runs `answer` for a callId not seen before; otherwise returns the first run's answer. */
  once(sessionId: string, callId: string, answer: () => Promise<CallAnswer>): Promise<CallAnswer> {
    let calls = this.bySession.get(sessionId);
    if (calls === undefined) {
      calls = new Map();
      this.bySession.set(sessionId, calls);
    }
    const known = calls.get(callId);
    if (known !== undefined) return known;
    const running = answer();
    calls.set(callId, running);
    for (const oldest of calls.keys()) {
      if (calls.size <= this.perSession) break;
      calls.delete(oldest);
    }
    return running;
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
