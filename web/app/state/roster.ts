import { z } from 'zod';
import type { Session } from '../../../protocol/session.js';
import { dotInfo, type DotState } from './session-dot.js';
import { sinceIso } from './format.js';
import { sessionProblem } from './session-problem.js';

/** The roster: every session grouped by project folder, sorted by the column the person chose. */

export const rosterSortSchema = z.object({
  column: z.enum(['name', 'state', 'folder', 'uptime', 'lastActivity', 'context', 'pending', 'unread']),
  direction: z.enum(['ascending', 'descending']),
});
/** The person's choice, remembered in localStorage (hence the schema). */
export type RosterSort = z.infer<typeof rosterSortSchema>;
export type RosterColumn = RosterSort['column'];
export type SortDirection = RosterSort['direction'];

export const DEFAULT_ROSTER_SORT: RosterSort = { column: 'lastActivity', direction: 'descending' };

export type RosterRow = {
  session: Session;
  dot: DotState;
  stateLabel: string;
  uptimeMs: number;
  lastActivityMs: number;
  /** Pending permission requests (they wait for the person, like a question). */
  permissions: number;
  /** Something wrong the person should see (session-problem.ts), in a few words; null: nothing. */
  problem: string | null;
};

export type RosterGroup = {
  /** The group key: the folder, or HUB_FOLDERS for folders the hub made itself. */
  key: string;
  label: string;
  rows: RosterRow[];
};

/** Hub-made folders are one-offs under the data dir; grouping them one by one would be noise. */
export const HUB_FOLDERS = '(hub)';
export const HUB_FOLDERS_LABEL = 'Folders made by the hub';

/** Clicking a column sorts by it; clicking it again flips the direction. */
export function toggleSort(current: RosterSort, column: RosterColumn): RosterSort {
  if (current.column === column)
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  // Times and fullness read best biggest first; names and folders A to Z.
  const descendingFirst: RosterColumn[] = ['lastActivity', 'context', 'uptime', 'pending', 'unread'];
  return { column, direction: descendingFirst.includes(column) ? 'descending' : 'ascending' };
}

export function rosterRows(
  sessions: readonly Session[],
  dotOf: (session: Session) => DotState,
  now: number,
  permissionsOf: (session: Session) => number = () => 0,
): RosterRow[] {
  return sessions.map((session) => {
    const dot = dotOf(session);
    const end = session.exitedAt === null ? now : Date.parse(session.exitedAt) || now;
    return {
      session,
      dot,
      stateLabel: dotInfo(dot).label,
      uptimeMs: Math.max(0, end - (Date.parse(session.createdAt) || end)),
      lastActivityMs: sinceIso(session.lastActivityAt, now),
      permissions: permissionsOf(session),
      problem: sessionProblem(session, now)?.short ?? null,
    };
  });
}

/**
 * Groups rows by folder. Rows are sorted inside each group; groups follow their best row under
 * the same sort (so "last activity, newest first" puts the busiest project on top), except when
 * sorting by folder, where groups go by folder name.
 */
export function groupRoster(rows: readonly RosterRow[], sort: RosterSort): RosterGroup[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = (a: RosterRow, b: RosterRow) =>
    sign * compareBy(sort.column, a, b) || a.session.name.localeCompare(b.session.name);
  const groups = new Map<string, RosterGroup>();
  for (const row of rows) {
    const key = row.session.ownsFolder ? HUB_FOLDERS : row.session.cwd;
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, label: key === HUB_FOLDERS ? HUB_FOLDERS_LABEL : key, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  const list = [...groups.values()];
  for (const group of list) group.rows.sort(compare);
  if (sort.column === 'folder') {
    return list.sort((a, b) => sign * folderOrder(a, b));
  }
  return list.sort((a, b) => compare(a.rows[0] as RosterRow, b.rows[0] as RosterRow) || folderOrder(a, b));
}

/** Hub-made folders last, otherwise by path. */
function folderOrder(a: RosterGroup, b: RosterGroup): number {
  if (a.key === HUB_FOLDERS || b.key === HUB_FOLDERS) return a.key === HUB_FOLDERS ? 1 : -1;
  return a.key.localeCompare(b.key);
}

/** Sorting weight of states: what needs the person first, exited last. */
const STATE_ORDER: Record<string, number> = {
  dialog: 0,
  waiting_permission: 1,
  waiting_input: 2,
  queued: 3,
  listening: 4,
  speaking: 5,
  busy: 6,
  starting: 7,
  ready: 8,
  idle: 9,
  exited: 10,
};

function compareBy(column: RosterColumn, a: RosterRow, b: RosterRow): number {
  switch (column) {
    case 'name':
      return a.session.name.localeCompare(b.session.name);
    case 'state':
      return (STATE_ORDER[a.dot] ?? 99) - (STATE_ORDER[b.dot] ?? 99);
    case 'folder':
      return a.session.cwd.localeCompare(b.session.cwd);
    case 'uptime':
      return a.uptimeMs - b.uptimeMs;
    case 'lastActivity':
      // "Most recent" is the smallest age: ascending age = descending recency, hence the flip.
      return b.lastActivityMs - a.lastActivityMs;
    case 'context':
      return (a.session.contextPercent ?? -1) - (b.session.contextPercent ?? -1);
    case 'pending':
      return waitingWeight(a) - waitingWeight(b);
    case 'unread':
      return a.session.inboxWaiting - b.session.inboxWaiting;
  }
}

/** What waits for the person: each permission request, and the question if there is one. */
function waitingWeight(row: RosterRow): number {
  return row.permissions + Number(row.session.pendingConverse !== null);
}
