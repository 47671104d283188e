import { describe, expect, it } from 'vitest';
import { MATCH_END, MATCH_START, ftsQuery, parseSnippet } from '../../../server/history/fts-query.js';

describe('what the person typed, as an FTS5 query', () => {
  it('makes every word a quoted prefix phrase, all of them required', () => {
    expect(ftsQuery('deploy  staging')).toBe('"deploy"* "staging"*');
  });
  it('searches query syntax as text: operators, stars, columns and quotes never act', () => {
    expect(ftsQuery('a OR b')).toBe('"a"* "OR"* "b"*');
    expect(ftsQuery('NEAR(x y) -z text:*')).toBe('"NEAR(x"* "y)"* "-z"* "text:*"*');
    expect(ftsQuery('say "hi"')).toBe('"say"* """hi"""*');
  });
  it('drops control characters (the snippet markers among them)', () => {
    expect(ftsQuery(`a${MATCH_START}b\u0000`)).toBe('"ab"*');
  });
  it('is null when nothing is left to search for', () => {
    expect(ftsQuery('   \t\n')).toBeNull();
    expect(ftsQuery('\u0001')).toBeNull();
  });
});

describe('a snippet with match markers', () => {
  it('becomes plain text and the offsets of the matches', () => {
    const marked = `…we ${MATCH_START}deploy${MATCH_END} to ${MATCH_START}staging${MATCH_END} now`;
    const { snippet, highlights } = parseSnippet(marked);
    expect(snippet).toBe('…we deploy to staging now');
    expect(highlights.map(([start, end]) => snippet.slice(start, end))).toEqual(['deploy', 'staging']);
  });
  it('keeps markup as text (the page never reads it as HTML)', () => {
    const { snippet, highlights } = parseSnippet(`<img src=x onerror=alert(1)> ${MATCH_START}b${MATCH_END}`);
    expect(snippet).toBe('<img src=x onerror=alert(1)> b');
    expect(highlights).toEqual([[29, 30]]);
  });
  it('ignores an empty or unclosed match', () => {
    expect(parseSnippet(`a${MATCH_START}${MATCH_END}b${MATCH_START}c`)).toEqual({
      snippet: 'abc',
      highlights: [],
    });
  });
});
