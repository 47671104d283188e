import { describe, expect, it } from 'vitest';
import {
  MAX_REMEMBERED_TERMINALS,
  parseOpenTerminals,
  withTerminalOpen,
} from '../../../web/app/state/open-terminals.js';

describe('the terminals left open', () => {
  it('opens and closes one session without touching the others', () => {
    const open = withTerminalOpen(withTerminalOpen([], 'a1', true), 'b2', true);
    expect(open).toEqual(['a1', 'b2']);
    expect(withTerminalOpen(open, 'a1', false)).toEqual(['b2']);
    // Opening again moves it to the newest end instead of listing it twice.
    expect(withTerminalOpen(open, 'a1', true)).toEqual(['b2', 'a1']);
    expect(withTerminalOpen(open, 'zz', false)).toEqual(open);
  });

  it('forgets the oldest beyond the limit', () => {
    let ids: string[] = [];
    for (let i = 0; i <= MAX_REMEMBERED_TERMINALS; i++) ids = withTerminalOpen(ids, `s${i}`, true);
    expect(ids).toHaveLength(MAX_REMEMBERED_TERMINALS);
    expect(ids).not.toContain('s0');
    expect(ids.at(-1)).toBe(`s${MAX_REMEMBERED_TERMINALS}`);
  });

  it('reads anything stored that is not a list of ids as none', () => {
    expect(parseOpenTerminals(null)).toEqual([]);
    expect(parseOpenTerminals('{oops')).toEqual([]);
    expect(parseOpenTerminals('{"a1":true}')).toEqual([]);
    expect(parseOpenTerminals('["a1", 3, null, "b2"]')).toEqual(['a1', 'b2']);
  });
});
