import { describe, expect, it } from 'vitest';
import { applySessionMessage, keepSelection, orderedSessions } from '../../../web/app/state/sessions.js';
import { session } from './fixtures.js';

describe('the session list', () => {
  it('replaces everything on session_list, upserts on session_status, drops on session_removed', () => {
    let map = applySessionMessage(new Map(), { type: 'session_list', sessions: [session({ id: 'a' })] });
    map = applySessionMessage(map, { type: 'session_status', session: session({ id: 'b' }) });
    map = applySessionMessage(map, { type: 'session_status', session: session({ id: 'a', state: 'busy' }) });
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect(map.get('a')?.state).toBe('busy');
    map = applySessionMessage(map, { type: 'session_removed', id: 'a' });
    expect([...map.keys()]).toEqual(['b']);
    map = applySessionMessage(map, { type: 'session_list', sessions: [] });
    expect(map.size).toBe(0);
  });

  it('drops a session that comes back archived (stopped: it is in Past sessions, not a tab)', () => {
    let map = applySessionMessage(new Map(), { type: 'session_list', sessions: [session({ id: 'a' })] });
    map = applySessionMessage(map, {
      type: 'session_status',
      session: session({ id: 'a', state: 'exited', archived: true }),
    });
    expect(map.size).toBe(0);
  });

  it('does not change the map it was given', () => {
    const before = new Map([['a', session({ id: 'a' })]]);
    applySessionMessage(before, { type: 'session_removed', id: 'a' });
    expect(before.size).toBe(1);
  });

  it('orders tabs by creation, so a tab keeps its place and its Alt+number', () => {
    const map = new Map(
      [
        session({ id: 'late', createdAt: '2026-01-01T12:00:00.000Z' }),
        session({ id: 'early', createdAt: '2026-01-01T09:00:00.000Z' }),
      ].map((s) => [s.id, s]),
    );
    expect(orderedSessions(map).map((s) => s.id)).toEqual(['early', 'late']);
  });
});

describe('the selected tab after a change', () => {
  it('keeps the selection while it exists', () => {
    expect(keepSelection(['a', 'b'], ['a', 'b', 'c'], 'b')).toBe('b');
  });

  it('moves to the next tab when the selected one closes, else to the one before', () => {
    expect(keepSelection(['a', 'b', 'c'], ['a', 'c'], 'b')).toBe('c');
    expect(keepSelection(['a', 'b', 'c'], ['a', 'b'], 'c')).toBe('b');
    expect(keepSelection(['a'], [], 'a')).toBeNull();
  });

  it('selects the first tab when nothing (or something unknown) was selected', () => {
    expect(keepSelection([], ['a', 'b'], null)).toBe('a');
    expect(keepSelection([], ['a', 'b'], 'gone')).toBe('a');
  });
});
