import type { EventKind, TimelineEvent } from '../../protocol/messages.js';
import { AppError } from '../errors.js';
import type { EventQuery, EventStore, StoredEvent } from './event-store.js';

type Waiter = { sessionId: string | undefined; wake: () => void };

/**
 * The event timeline with its waiters: every append wakes the long polls (`wait_for_activity`,
 * `GET /api/events?waitS=`) that wait for something newer in that session.
 */
export class Timeline {
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(event: TimelineEvent) => void>();

  constructor(
    private readonly store: EventStore,
    private readonly now: () => number = Date.now,
  ) {}

  append(sessionId: string | null, kind: EventKind, data: Record<string, unknown>): TimelineEvent {
    const event = toEvent(
      this.store.append({ sessionId, kind, at: new Date(this.now()).toISOString(), data }),
    );
    for (const waiter of [...this.waiters]) {
      if (waiter.sessionId === undefined || waiter.sessionId === sessionId) waiter.wake();
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Events after `since` (oldest first), or the newest `limit`; an unknown cursor is an error. */
  list(query: EventQuery): TimelineEvent[] {
    this.checkCursor(query.since);
    return this.store.list(query).map(toEvent);
  }

  /**
   * Returns at once when something newer than `since` exists; otherwise waits up to `timeoutMs`
   * for it and returns what came (possibly nothing).
   */
  async waitForNewer(query: EventQuery & { since: number }, timeoutMs: number): Promise<TimelineEvent[]> {
    const ready = this.list(query);
    if (ready.length > 0 || timeoutMs <= 0) return ready;
    await new Promise<void>((resolve) => {
      const waiter: Waiter = {
        sessionId: query.sessionId,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          // Answer after the I/O already queued (more sends, usually): a burst of events goes out
          // in one answer instead of one long poll per event, which would double the hub's work.
          setImmediate(resolve);
        },
      };
      const timer = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
    });
    return this.list(query);
  }

  lastId(): number {
    return this.store.lastId();
  }

  onEvent(listener: (event: TimelineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends every long poll now (the hub is closing). */
  wakeAll(): void {
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private checkCursor(since: number | undefined): void {
    if (since !== undefined && since > this.store.lastId()) {
      throw new AppError(
        'not_found',
        `No event ${since}: the newest is ${this.store.lastId()}. Start again without "since" (or since=0).`,
      );
    }
  }
}

function toEvent(event: StoredEvent): TimelineEvent {
  return {
    id: event.id,
    sessionId: event.sessionId,
    kind: event.kind as EventKind,
    at: event.at,
    data: (event.data ?? {}) as Record<string, unknown>,
  };
}
