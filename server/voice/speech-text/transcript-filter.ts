/**
 * Whisper invents words on silence and noise ("Thank you.", "you", "[BLANK_AUDIO]"). These are
 * dropped, so converse answers "(no speech detected)" instead of a sentence nobody said.
 */
const HALLUCINATIONS = new Set([
  // Not "okay" or "yes": short real answers must survive.
  'you',
  'thank you',
  'thanks for watching',
  'thank you for watching',
  'please subscribe',
  'uh',
  'um',
  'hmm',
  'the end',
  'subtitles by the amaraorg community',
]);

/** The transcript to return, or null when it is empty or a known hallucination. */
export function cleanTranscript(raw: string): string | null {
  const text = raw
    .replace(/\[[^\]]*\]|\([^)]*\)|♪+|\*[^*]*\*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const key = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .trim();
  if (key === '' || HALLUCINATIONS.has(key)) return null;
  return text;
}
