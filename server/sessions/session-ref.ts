import { basename } from 'node:path';
import { AppError } from '../errors.js';

type Addressable = { id: string; name: string; cwd: string; state: string; exitedAt: string | null };

/**
 * Finds a session by id, by name, or by its folder's name. Running sessions win over exited ones
 * that answer to the same name; with none running, the one that ended last wins (history keeps
 * every exited session, so "api" means the latest api). Ambiguity among running sessions is an
 * error that lists the candidates.
 */
export function findSession<T extends Addressable>(sessions: readonly T[], target: string): T {
  const byId = sessions.find((s) => s.id === target);
  if (byId !== undefined) return byId;
  const named = sessions.filter((s) => s.name === target || basename(s.cwd) === target);
  const live = named.filter((s) => s.state !== 'exited');
  if (live.length === 0 && named.length > 0) {
    // By name before by folder: a session named "api" beats one whose folder is merely called so.
    const byName = named.filter((s) => s.name === target);
    const pool = byName.length > 0 ? byName : named;
    return pool.reduce((latest, s) => ((s.exitedAt ?? '') > (latest.exitedAt ?? '') ? s : latest));
  }
  if (live.length === 1 && live[0] !== undefined) return live[0];
  if (live.length > 1) {
    const list = live.map((s) => `${s.name} (id ${s.id}, ${s.cwd})`).join('; ');
    throw new AppError('conflict', `"${target}" matches several sessions: ${list}. Use an id.`);
  }
  const running = sessions.filter((s) => s.state !== 'exited').map((s) => s.name);
  throw new AppError(
    'not_found',
    `No session "${target}" (by id, name or folder). Running: ${running.join(', ') || 'none'}.`,
  );
}
