import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../web/app/state/format.js';

describe('file sizes', () => {
  it('reads like a file manager: bytes, then KB and MB with one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024)).toBe('200 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});
