import { basename } from 'node:path';
import { SESSION_NAME_PATTERN } from '../../protocol/session.js';

export function isValidSessionName(name: string): boolean {
  return SESSION_NAME_PATTERN.test(name);
}

/** A name derived from a folder: `/home/me/api service` -> `api-service`; falls back to `session`. */
export function nameFromFolder(folder: string): string {
  const cleaned = basename(folder)
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[-.]+$/, '');
  return isValidSessionName(cleaned) ? cleaned : 'session';
}

/** The first of `base`, `base-2`, `base-3`, … that is not taken, kept within 64 characters. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The tmux session that runs a hub session; re-adoption finds sessions by this prefix. */
export const TMUX_PREFIX = 'sb-';
export function tmuxSessionName(sessionId: string): string {
  return `${TMUX_PREFIX}${sessionId}`;
}
