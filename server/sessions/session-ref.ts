import { basename } from 'node:path';
import { AppError } from '../errors.js';

type Addressable = { id: string; name: string; cwd: string; state: string };

/**
 * Finds a session by id, by name, or by its folder's name (running sessions win over exited ones
 * that answer to the same name). Ambiguity is an error that lists the candidates.
 */
export function findSession<T extends Addressable>(sessions: readonly T[], target: string): T {
  const byId = sessions.find((s) => s.id === target);
  if (byId !== undefined) return byId;
  const named = sessions.filter((s) => s.name === target || basename(s.cwd) === target);
  const live = named.filter((s) => s.state !== 'exited');
  const pick = live.length > 0 ? live : named;
  if (pick.length === 1 && pick[0] !== undefined) return pick[0];
  if (pick.length > 1) {
    const list = pick.map((s) => `${s.name} (id ${s.id}, ${s.cwd})`).join('; ');
    throw new AppError('conflict', `"${target}" matches several sessions: ${list}. Use an id.`);
  }
  const running = sessions.filter((s) => s.state !== 'exited').map((s) => s.name);
  throw new AppError(
    'not_found',
    `No session "${target}" (by id, name or folder). Running: ${running.join(', ') || 'none'}.`,
  );
}
