import { describe, expect, it } from 'vitest';
import { endedLine, forgetWarning, snippetParts } from '../../../web/app/state/past-sessions.js';
import { session } from './fixtures.js';

describe('a search snippet on the page', () => {
  it('is cut into plain text and the matched words', () => {
    expect(snippetParts('we deploy to staging', [[3, 9]])).toEqual([
      { text: 'we ', match: false },
      { text: 'deploy', match: true },
      { text: ' to staging', match: false },
    ]);
  });
  it('shows the whole text when offsets are out of order, overlapping or out of range', () => {
    const parts = snippetParts('abcdef', [
      [2, 4],
      [3, 5],
      [1, 2],
      [4, 99],
      [5, 5],
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('abcdef');
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['cd']);
  });
});

describe('a past session row', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');
  it('says when it ended and why', () => {
    const s = session({ id: 'a', exitedAt: '2026-01-01T11:55:00.000Z', exitReason: 'stopped from the page' });
    expect(endedLine(s, now)).toBe('ended 5 min ago: stopped from the page');
  });
  it('warns what Forget deletes, and that the folder stays', () => {
    const text = forgetWarning(session({ id: 'a', cwd: '/work/api' }));
    expect(text).toMatch(/transcript.*deleted for good/);
    expect(text).toContain('Its folder (/work/api) and the files in it stay.');
  });
});
