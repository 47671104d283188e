import type { TextRange } from '../../../protocol/voice.js';

/**
 * Which part of a spoken message is being heard right now.
 *
 * Decision: sentence-level highlighting. Kokoro gives no word timings, so the finest honest unit
 * is the hub's chunk (a sentence, or a clause for a long first one). Each `speak_chunk` arrives
 * with its audio and its duration; the page's SpeechPlayer plays chunks in seq order, each as soon
 * as it is there and the previous one has ended (plus a short lead). The same rule, applied to the
 * arrival times, tells which chunk the speaker is playing at any moment.
 */

export type CaptionChunk = {
  seq: number;
  /** The words spoken (for the caption line). */
  text: string;
  durationMs: number;
  arrivedAt: number;
  /** Where they sit in the message as written (for the highlight). */
  source: TextRange | null;
};
export type TimedCaption = CaptionChunk & { startAt: number; endAt: number };

/** SpeechPlayer's default lead before the first chunk (and after an underrun). */
export const PLAYER_LEAD_MS = 40;

/** Playback times of the chunks, in seq order, up to the first one still missing. */
export function captionTimeline(chunks: readonly CaptionChunk[], leadMs = PLAYER_LEAD_MS): TimedCaption[] {
  const bySeq = new Map(chunks.map((c) => [c.seq, c]));
  const out: TimedCaption[] = [];
  let nextStart = Number.NEGATIVE_INFINITY;
  let readyAt = Number.NEGATIVE_INFINITY; // a chunk plays no earlier than every chunk before it arrived
  for (let seq = 0; ; seq++) {
    const chunk = bySeq.get(seq);
    if (chunk === undefined) break;
    readyAt = Math.max(readyAt, chunk.arrivedAt);
    const startAt = Math.max(nextStart, readyAt + leadMs);
    const endAt = startAt + chunk.durationMs;
    out.push({ ...chunk, startAt, endAt });
    nextStart = endAt;
  }
  return out;
}

/** The chunk playing at `now`; between chunks (an underrun) the last one begun; null before. */
export function captionAt(timeline: readonly TimedCaption[], now: number): TimedCaption | null {
  let current: TimedCaption | null = null;
  for (const caption of timeline) {
    if (caption.startAt > now) break;
    current = caption;
  }
  return current;
}

/**
 * The range of the written message the speaker is playing at `now` (null between turns, before
 * the first chunk, or for words not in the message, such as the hand-over announcement). The hub
 * sends each chunk's range in the message as written (protocol/voice.ts `source`), so a sentence
 * spoken differently from its text ("a link to github.com" for a URL) is still found.
 */
export function spokenRange(timeline: readonly TimedCaption[], now: number): TextRange | null {
  return captionAt(timeline, now)?.source ?? null;
}
