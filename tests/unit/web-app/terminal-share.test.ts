import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TERMINAL_SHARE,
  MAX_TERMINAL_SHARE,
  MIN_TERMINAL_SHARE,
  clampShare,
  parseShare,
} from '../../../web/app/state/terminal-share.js';

describe("the docked terminal's share of the width", () => {
  it('stays where both sides remain usable', () => {
    expect(clampShare(60.04)).toBe(60);
    expect(clampShare(5)).toBe(MIN_TERMINAL_SHARE);
    expect(clampShare(99)).toBe(MAX_TERMINAL_SHARE);
    expect(clampShare(Number.NaN)).toBe(DEFAULT_TERMINAL_SHARE);
  });

  it('reads back what was stored, and half and half for anything else', () => {
    expect(parseShare('62.5')).toBe(62.5);
    expect(parseShare(null)).toBe(DEFAULT_TERMINAL_SHARE);
    expect(parseShare('')).toBe(DEFAULT_TERMINAL_SHARE);
    expect(parseShare('wide')).toBe(DEFAULT_TERMINAL_SHARE);
  });
});
