/**
 * Which part of a spoken message is being heard right now.
 *
 * Decision: sentence-level highlighting. Kokoro gives no word timings, so the finest honest unit
 * is the hub's chunk (a sentence, or a clause for a long first one). Each `speak_chunk` arrives
 * with its audio and its duration; the page's SpeechPlayer plays chunks in seq order, each as soon
 * as it is there and the previous one has ended (plus a short lead). The same rule, applied to the
 * arrival times, tells which chunk the speaker is playing at any moment.
 */

export type CaptionChunk = { seq: number; text: string; durationMs: number; arrivedAt: number };
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

export type TextRange = { start: number; end: number };

/**
 * Where each chunk's words sit in the message as written. The hub speaks a speakable version
 * (Markdown stripped, code and URLs reworded), so the chunk is matched word by word with anything
 * that is not a letter or digit allowed in between; a chunk whose words were reworded is not
 * found (null) and only the caption line shows it. Chunks are searched in order, each after the
 * previous match, so a repeated sentence highlights the right occurrence.
 */
export function locateChunks(text: string, chunkTexts: readonly string[]): (TextRange | null)[] {
  let from = 0;
  return chunkTexts.map((chunk) => {
    const words = chunk.match(/[\p{L}\p{N}]+/gu);
    if (words === null) return null;
    const pattern = new RegExp(words.map(escapeRegExp).join('[^\\p{L}\\p{N}]+'), 'iu');
    const found = pattern.exec(text.slice(from));
    if (found === null) return null;
    const start = from + found.index;
    const end = start + found[0].length;
    from = end;
    return { start, end };
  });
}

/** The message split around the range being spoken (for rendering with a <mark>). */
export function splitAt(text: string, range: TextRange | null): [string, string, string] {
  if (range === null) return [text, '', ''];
  return [text.slice(0, range.start), text.slice(range.start, range.end), text.slice(range.end)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
