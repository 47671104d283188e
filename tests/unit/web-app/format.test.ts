import { describe, expect, it } from 'vitest';
import { formatBytes, formatLifetime } from '../../../web/app/state/format.js';

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

describe('a session header says how long it has lived', () => {
  const createdAt = '2026-12-04T10:00:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts up by the second while the session runs', () => {
    const running = { createdAt, exitedAt: null, state: 'idle' };
    expect(formatLifetime(running, at('2026-12-04T10:00:07Z'))).toBe('up 7 s');
    expect(formatLifetime(running, at('2026-12-04T10:00:08Z'))).toBe('up 8 s');
    expect(formatLifetime(running, at('2026-12-04T11:05:00Z'))).toBe('up 1 h 5 min');
  });

  it('says how long an exited session ran and how long ago it ended, and stops counting', () => {
    const exited = { createdAt, exitedAt: '2026-12-04T10:12:00.000Z', state: 'exited' };
    expect(formatLifetime(exited, at('2026-12-04T10:15:00Z'))).toBe('ran 12 min, ended 3 min ago');
    expect(formatLifetime(exited, at('2026-12-04T12:12:00Z'))).toBe('ran 12 min, ended 2 h ago');
    expect(formatLifetime(exited, at('2026-12-04T10:12:04Z'))).toBe('ran 12 min, ended just now');
  });

  it('does not invent a duration when the exit time is missing', () => {
    expect(formatLifetime({ createdAt, exitedAt: null, state: 'exited' }, at('2026-12-04T11:00:00Z'))).toBe(
      'ended',
    );
  });
});
