/**
 * Turns what the person typed into an FTS5 query that can never be a syntax error: every word
 * becomes a quoted phrase (`"` doubled inside) matched as a prefix, and the phrases must all match.
 * So `AND`, `NEAR`, `*`, `-` and quotes are searched as text. A word that is only punctuation
 * holds no token and FTS5 ignores it (checked on SQLite 3.53: `"-"*` alone matches nothing, next
 * to a real word it changes nothing). Null when nothing is left to search for.
 */
export function ftsQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    // Control characters hold no token, and two of them mark matches in snippets.
    // eslint-disable-next-line no-control-regex
    .map((word) => word.replace(/[\u0000-\u001f\u007f]/g, ''))
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replace(/"/g, '""')}"*`).join(' ');
}

/** Snippet markers: control characters the index never holds (the trigger strips them). */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

/**
 * A snippet from FTS5's snippet() with MATCH_START/MATCH_END around each matched token, as plain
 * text and the [start, end) offsets of the matches in it (the page highlights them without ever
 * reading the text as markup).
 */
export function parseSnippet(marked: string): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  const highlights: [number, number][] = [];
  let openAt: number | null = null;
  for (const char of marked) {
    if (char === MATCH_START) {
      openAt = snippet.length;
    } else if (char === MATCH_END) {
      if (openAt !== null && snippet.length > openAt) highlights.push([openAt, snippet.length]);
      openAt = null;
    } else {
      snippet += char;
    }
  }
  return { snippet, highlights };
}
