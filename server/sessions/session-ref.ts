import { AppError } from '../errors.js';

type Addressable = { id: string; name: string; state: string };

/**
 * Finds a session by id, or by name (running sessions win over exited ones with the same name).
 * Ambiguity is an error that lists the candidates' ids.
 */
export function findSession<T extends Addressable>(sessions: readonly T[], idOrName: string): T {
  const byId = sessions.find((s) => s.id === idOrName);
  if (byId !== undefined) return byId;
  const named = sessions.filter((s) => s.name === idOrName);
  const live = named.filter((s) => s.state !== 'exited');
  const pick = live.length > 0 ? live : named;
  if (pick.length === 1 && pick[0] !== undefined) return pick[0];
  if (pick.length > 1) {
    throw new AppError(
      'conflict',
      `"${idOrName}" names several sessions: ${pick.map((s) => s.id).join(', ')}; use an id.`,
    );
  }
  throw new AppError('not_found', `No session with id or name "${idOrName}".`);
}
