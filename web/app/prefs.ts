import { parseOpenTerminals, withTerminalOpen } from './state/open-terminals.js';
import { rosterSortSchema, type RosterSort } from './state/roster.js';
import { parseShare } from './state/terminal-share.js';

/**
 * What this browser remembers between visits (localStorage), in one place. Every access may
 * throw (private browsing, storage disabled): then the page simply forgets.
 */
const KEYS = {
  handsFree: 'switchboard-hands-free',
  selected: 'switchboard-selected',
  rosterSort: 'switchboard-roster-sort',
  openTerminals: 'switchboard-open-terminals',
  terminalShare: 'switchboard-terminal-share',
} as const;

export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return browserStorage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    browserStorage()?.setItem(key, value);
  } catch {
    // not remembered: fine for this visit
  }
}

export const prefs = {
  /** Hands-free is the default: the page is made for talking. */
  handsFree: (): boolean => read(KEYS.handsFree) !== '0',
  setHandsFree: (on: boolean) => write(KEYS.handsFree, on ? '1' : '0'),
  selected: (): string | null => read(KEYS.selected),
  setSelected: (id: string) => write(KEYS.selected, id),
  rosterSort: (): RosterSort | null => {
    try {
      const parsed = rosterSortSchema.safeParse(JSON.parse(read(KEYS.rosterSort) ?? 'null'));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  },
  setRosterSort: (sort: RosterSort) => write(KEYS.rosterSort, JSON.stringify(sort)),
  /** The person left this session's terminal pane open. */
  terminalOpen: (id: string): boolean => parseOpenTerminals(read(KEYS.openTerminals)).includes(id),
  setTerminalOpen: (id: string, open: boolean) =>
    write(
      KEYS.openTerminals,
      JSON.stringify(withTerminalOpen(parseOpenTerminals(read(KEYS.openTerminals)), id, open)),
    ),
  /** A docked terminal's share of the width, in percent (the same for every session). */
  terminalShare: (): number => parseShare(read(KEYS.terminalShare)),
  setTerminalShare: (share: number) => write(KEYS.terminalShare, String(share)),
};
