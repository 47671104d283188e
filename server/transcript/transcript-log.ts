import type { TranscriptChannel, TranscriptEntry, TranscriptRole } from '../../protocol/transcript.js';
import { AppError } from '../errors.js';
import type { EventStore, StoredEvent } from '../events/event-store.js';

const KIND = 'transcript';
const DEFAULT_LIMIT = 200;

type EntryData = { role: TranscriptRole; channel: TranscriptChannel; text: string; turnId: string | null };

/**
 * Each session's conversation as the person sees it, stored in the event timeline so a reload
 * or a second device shows the same. Listeners (the pages' sockets) hear each new entry.
 */
export class TranscriptLog {
  private readonly listeners = new Set<(entry: TranscriptEntry) => void>();

  constructor(
    private readonly events: EventStore,
    private readonly now: () => number = Date.now,
  ) {}

  record(sessionId: string, data: EntryData): TranscriptEntry {
    const stored = this.events.append({
      sessionId,
      kind: KIND,
      at: new Date(this.now()).toISOString(),
      data,
    });
    const entry = toEntry(stored);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Entries after `since` (oldest first), or the newest `limit` when no cursor is given. */
  list(sessionId: string, options: { since?: number; limit?: number } = {}): TranscriptEntry[] {
    if (options.since !== undefined && options.since > this.events.lastId()) {
      throw new AppError(
        'not_found',
        `No event ${options.since}: the newest is ${this.events.lastId()}. Start again without "since".`,
      );
    }
    return this.events
      .list({ sessionId, kind: KIND, since: options.since, limit: options.limit ?? DEFAULT_LIMIT })
      .map(toEntry);
  }

  onEntry(listener: (entry: TranscriptEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function toEntry(event: StoredEvent): TranscriptEntry {
  const data = event.data as EntryData;
  return {
    id: event.id,
    sessionId: event.sessionId ?? '',
    role: data.role,
    channel: data.channel,
    text: data.text,
    at: event.at,
    turnId: data.turnId,
  };
}
