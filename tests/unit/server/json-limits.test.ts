import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonFrame } from '../../../server/http/json-limits.js';

describe('JSON depth', () => {
  it('counts objects and arrays, up to and past the limit', () => {
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[[]]}]}', 4)).toBe(true);
    expect(nestsDeeperThan('[]'.repeat(10_000), 1)).toBe(false);
    expect(nestsDeeperThan('1', 0)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[[","b":"\\\\"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\\\","b":[[]]}', 2)).toBe(true);
  });

  it('parses frames, saying why one is refused', () => {
    expect(parseJsonFrame('{"type":"hello"}')).toEqual({ ok: true, value: { type: 'hello' } });
    expect(parseJsonFrame('{"type":')).toEqual({ ok: false, reason: 'Frame is not JSON.' });
    const deep = parseJsonFrame('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(deep).toEqual({
      ok: false,
      reason: `Frame nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels, the most the hub accepts.`,
    });
  });
});
