import type {
  TranscriptChannel,
  TranscriptEntry,
  TranscriptKind,
  TranscriptRole,
  TranscriptTool,
} from '../../protocol/transcript.js';
import type { TimelineEvent } from '../../protocol/messages.js';
import type { Timeline } from '../events/timeline.js';

const KIND = 'transcript' as const;
const DEFAULT_LIMIT = 200;

type EntryData = {
  role: TranscriptRole;
  channel: TranscriptChannel;
  text: string;
  turnId: string | null;
  /** Absent in entries stored before kinds existed: those are all `said`. */
  kind?: TranscriptKind;
  tool?: TranscriptTool | null;
};

/**
 * Each session's conversation as the person sees it, kept in the event timeline so a reload
 * or a second device shows the same. Listeners (the pages' sockets) hear each new entry.
 */
export class TranscriptLog {
  private readonly listeners = new Set<(entry: TranscriptEntry) => void>();

  constructor(private readonly timeline: Timeline) {}

  record(sessionId: string, data: EntryData): TranscriptEntry {
    const entry = toEntry(this.timeline.append(sessionId, KIND, data));
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Entries after `since` (oldest first), or the newest `limit` when no cursor is given. */
  list(sessionId: string, options: { since?: number; limit?: number } = {}): TranscriptEntry[] {
    return this.timeline
      .list({ sessionId, kinds: [KIND], since: options.since, limit: options.limit ?? DEFAULT_LIMIT })
      .map(toEntry);
  }

  onEntry(listener: (entry: TranscriptEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function toEntry(event: TimelineEvent): TranscriptEntry {
  const data = event.data as EntryData;
  return {
    id: event.id,
    sessionId: event.sessionId ?? '',
    role: data.role,
    channel: data.channel,
    text: data.text,
    at: event.at,
    turnId: data.turnId,
    kind: data.kind ?? 'said',
    tool: data.tool ?? null,
  };
}
