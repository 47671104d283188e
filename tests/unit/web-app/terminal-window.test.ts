import { describe, expect, it } from 'vitest';
import { terminalWindowSession, terminalWindowUrl } from '../../../web/app/state/terminal-window.js';

describe("a popped-out terminal's address", () => {
  it('names the session, and reads back the same id', () => {
    expect(terminalWindowUrl('a1b2c3d4')).toBe('/?terminal=a1b2c3d4');
    expect(terminalWindowSession('?terminal=a1b2c3d4')).toBe('a1b2c3d4');
    expect(terminalWindowSession(new URL(`http://h${terminalWindowUrl('a&b c')}`).search)).toBe('a&b c');
  });

  it('is the whole page without one (or with an empty one)', () => {
    expect(terminalWindowSession('')).toBeNull();
    expect(terminalWindowSession('?debug')).toBeNull();
    expect(terminalWindowSession('?terminal=')).toBeNull();
  });
});
