import type { Session } from '../../../protocol/session.js';

/**
 * Who the person talked to when they spoke first. A session's name said first and followed by a
 * pause mark ("api, run the tests", "API service: run the tests") addresses that session: speech
 * recognition writes names as words ("api service" for api-service), so names and words are
 * compared without case, spaces or punctuation. Without the pause mark the words are the prompt
 * itself (a session named "tests" must not take "tests are failing, fix them"). Pure.
 */
export function addressee(
  heard: string,
  sessions: readonly Pick<Session, 'id' | 'name' | 'state'>[],
): { sessionId: string; text: string } | null {
  const match = /^\s*([^,:;.!?]{1,64}?)\s*[,:;.]\s*(\S[\s\S]*)$/.exec(heard);
  if (match === null) return null;
  const [, spokenName = '', rest = ''] = match;
  const said = squash(spokenName);
  if (said === '') return null;
  const live = sessions.filter((s) => s.state !== 'exited');
  const found = live.filter((s) => squash(s.name) === said);
  if (found.length !== 1) return null;
  return { sessionId: (found[0] as Pick<Session, 'id'>).id, text: rest.trim() };
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
