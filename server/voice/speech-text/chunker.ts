/**
 * Splits speakable text into chunks that are synthesized and sent one by one, so the first audio
 * plays while the rest is still being made. Sentences are the unit; the first chunk is cut at a
 * clause boundary when it is long, because its length is what the listener waits for.
 */
import type { TextRange } from '../../../protocol/voice.js';
import type { MappedText } from './mapped-text.js';

export type ChunkOptions = {
  /** A first sentence longer than this is cut at a comma, semicolon, colon or dash. */
  firstChunkMaxChars: number;
  /** No chunk is longer than this; longer sentences are cut at clause boundaries, then at spaces. */
  maxChunkChars: number;
};

export const DEFAULT_CHUNKING: ChunkOptions = { firstChunkMaxChars: 80, maxChunkChars: 300 };

// A sentence ends at . ! ? … followed by space or end, but not inside "e.g." or "3.5" or "Mr.".
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|St))([.!?…]+["')\]]*)(?=\s+|$)/g;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let start = 0;
    for (const match of paragraph.matchAll(SENTENCE_END)) {
      const end = (match.index ?? 0) + match[0].length;
      pushTrimmed(sentences, paragraph.slice(start, end));
      start = end;
    }
    pushTrimmed(sentences, paragraph.slice(start));
  }
  return sentences;
}

export function chunkForSpeech(text: string, options: ChunkOptions = DEFAULT_CHUNKING): string[] {
  const chunks: string[] = [];
  for (const sentence of splitSentences(text)) {
    const limit = chunks.length === 0 ? options.firstChunkMaxChars : options.maxChunkChars;
    chunks.push(...cutLong(sentence, limit, options.maxChunkChars));
  }
  return chunks;
}

/** A chunk to speak, with the range of the message as written that it says. */
export type SourcedChunk = { text: string; source: TextRange | null };

/**
 * chunkForSpeech on speakable text that knows its source: each chunk is a substring of the text
 * (the splitting only cuts and trims), found in order, so its source range is exact.
 */
export function chunkWithSource(
  spoken: MappedText,
  options: ChunkOptions = DEFAULT_CHUNKING,
): SourcedChunk[] {
  let from = 0;
  return chunkForSpeech(spoken.text, options).map((text) => {
    const at = spoken.text.indexOf(text, from);
    if (at < 0) return { text, source: null }; // cannot happen while chunks are substrings
    from = at + text.length;
    return { text, source: spoken.sourceOf(at, from) };
  });
}

/** Cuts at the last clause boundary before `limit` (then at a space); the rest may be longer. */
function cutLong(sentence: string, limit: number, restLimit: number): string[] {
  if (sentence.length <= limit) return [sentence];
  const window = sentence.slice(0, limit);
  const clause = Math.max(...[', ', '; ', ': ', ' - ', ' — '].map((mark) => window.lastIndexOf(mark)));
  const space = window.lastIndexOf(' ');
  // A clause shorter than ~20 characters sounds clipped; prefer a later space then.
  const cut = clause >= 20 ? clause + 1 : space > 0 ? space : limit;
  const head = sentence.slice(0, cut).trim();
  const tail = sentence.slice(cut).trim();
  return tail === '' ? [head] : [head, ...cutLong(tail, restLimit, restLimit)];
}

function pushTrimmed(out: string[], text: string): void {
  const trimmed = text.trim();
  if (/[\p{L}\p{N}]/u.test(trimmed)) out.push(trimmed);
}
