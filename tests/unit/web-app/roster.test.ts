import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROSTER_SORT,
  HUB_FOLDERS_LABEL,
  groupRoster,
  rosterRows,
  rosterSortSchema,
  toggleSort,
} from '../../../web/app/state/roster.js';
import type { Session } from '../../../protocol/session.js';
import { session } from './fixtures.js';

const NOW = Date.parse('2026-01-01T12:00:00.000Z');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

const sessions: Session[] = [
  session({ id: 'api', cwd: '/src/shop', lastActivityAt: at(30), createdAt: at(120), contextPercent: 40 }),
  session({ id: 'web', cwd: '/src/shop', lastActivityAt: at(1), createdAt: at(60), state: 'busy' }),
  session({ id: 'docs', cwd: '/src/site', lastActivityAt: at(5), createdAt: at(10), contextPercent: 90 }),
  session({
    id: 'tmp',
    cwd: '/data/workspaces/tmp',
    ownsFolder: true,
    lastActivityAt: at(0),
    createdAt: at(3),
  }),
];
const rows = rosterRows(sessions, (s) => s.state, NOW);
const names = (groups: ReturnType<typeof groupRoster>) =>
  groups.map((g) => [g.label, g.rows.map((r) => r.session.name)]);

describe('the roster', () => {
  it('groups by project folder, hub-made folders together', () => {
    const groups = groupRoster(rows, { column: 'name', direction: 'ascending' });
    expect(names(groups)).toEqual([
      ['/src/shop', ['api', 'web']],
      ['/src/site', ['docs']],
      [HUB_FOLDERS_LABEL, ['tmp']],
    ]);
  });

  it('puts the most recently active first by default, groups following their best row', () => {
    expect(DEFAULT_ROSTER_SORT).toEqual({ column: 'lastActivity', direction: 'descending' });
    expect(names(groupRoster(rows, DEFAULT_ROSTER_SORT))).toEqual([
      [HUB_FOLDERS_LABEL, ['tmp']],
      ['/src/shop', ['web', 'api']],
      ['/src/site', ['docs']],
    ]);
  });

  it('sorts by context, with sessions that have not reported it last', () => {
    const groups = groupRoster(rows, { column: 'context', direction: 'descending' });
    expect(names(groups)).toEqual([
      ['/src/site', ['docs']],
      ['/src/shop', ['api', 'web']],
      [HUB_FOLDERS_LABEL, ['tmp']],
    ]);
  });

  it('measures uptime up to now, or up to the exit', () => {
    const exited = session({ id: 'old', createdAt: at(50), exitedAt: at(20), state: 'exited' });
    const [row] = rosterRows([exited], (s) => s.state, NOW);
    expect(row?.uptimeMs).toBe(30 * 60_000);
    expect(rows.find((r) => r.session.id === 'api')?.uptimeMs).toBe(120 * 60_000);
  });

  it('toggles direction on the same column and picks a natural one for a new column', () => {
    expect(toggleSort(DEFAULT_ROSTER_SORT, 'lastActivity')).toEqual({
      column: 'lastActivity',
      direction: 'ascending',
    });
    expect(toggleSort(DEFAULT_ROSTER_SORT, 'name')).toEqual({ column: 'name', direction: 'ascending' });
    expect(toggleSort(DEFAULT_ROSTER_SORT, 'context')).toEqual({
      column: 'context',
      direction: 'descending',
    });
  });

  it('sorts by state with what needs the person first', () => {
    const mixed = [
      session({ id: 'a', state: 'idle' }),
      session({ id: 'b', state: 'dialog' }),
      session({ id: 'c', state: 'exited' }),
      session({ id: 'd', state: 'waiting_input' }),
    ];
    const groups = groupRoster(
      rosterRows(mixed, (s) => s.state, NOW),
      { column: 'state', direction: 'ascending' },
    );
    expect(groups.flatMap((g) => g.rows.map((r) => r.session.id))).toEqual(['b', 'd', 'a', 'c']);
  });

  it('sorts by unread messages, most first', () => {
    const inbox = [
      session({ id: 'a', inboxWaiting: 0 }),
      session({ id: 'b', inboxWaiting: 5 }),
      session({ id: 'c', inboxWaiting: 2 }),
    ];
    const sort = toggleSort(DEFAULT_ROSTER_SORT, 'unread');
    expect(sort).toEqual({ column: 'unread', direction: 'descending' });
    const groups = groupRoster(
      rosterRows(inbox, (s) => s.state, NOW),
      sort,
    );
    expect(groups.flatMap((g) => g.rows.map((r) => r.session.id))).toEqual(['b', 'c', 'a']);
  });

  it('counts permission requests as waiting for the person, with the question', () => {
    const waiting = [
      session({ id: 'a', pendingConverse: 'Deploy?' }),
      session({ id: 'b' }),
      session({ id: 'c' }),
    ];
    const permissions: Record<string, number> = { c: 2 };
    const rowsWithPermissions = rosterRows(
      waiting,
      (s) => s.state,
      NOW,
      (s) => permissions[s.id] ?? 0,
    );
    expect(rowsWithPermissions.map((r) => r.permissions)).toEqual([0, 0, 2]);
    const groups = groupRoster(rowsWithPermissions, { column: 'pending', direction: 'descending' });
    expect(groups.flatMap((g) => g.rows.map((r) => r.session.id))).toEqual(['c', 'a', 'b']);
  });

  it('remembers a sort by the new column (the stored preference parses)', () => {
    expect(rosterSortSchema.safeParse({ column: 'unread', direction: 'ascending' }).success).toBe(true);
  });
});
