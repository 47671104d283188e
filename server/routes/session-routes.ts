import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createSessionRequestSchema,
  dialogAnswerRequestSchema,
  setSessionTasksRequestSchema,
  type Session,
} from '../../protocol/session.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tmux } from '../sessions/tmux.js';
import { answerDialog } from '../sessions/dialog-answer.js';

export const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'is not a session id') });

/** REST for scripts and the CLI: /api/sessions. */
export function registerSessionRoutes(app: FastifyInstance, sessions: SessionService, tmux: Tmux): void {
  app.get('/api/sessions', async () => ({ sessions: sessions.list() }));

  app.post('/api/sessions', async (request, reply) => {
    const body = parseInput(createSessionRequestSchema, request.body);
    const session = await sessions.create(body);
    return reply.status(201).send({ session });
  });

  app.get('/api/sessions/:id', async (request) => {
    const { id } = parseInput(idParams, request.params, 'path');
    return { session: sessions.get(id) };
  });

  app.delete('/api/sessions/:id', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'path');
    await sessions.remove(id);
    return reply.status(204).send();
  });

  app.get('/api/folders/recent', async () => ({ folders: recentFolders(sessions.list()) }));

  // The person's call: may other sessions type tasks into this one (off by default)?
  app.put('/api/sessions/:id/session-tasks', async (request) => {
    const { id } = parseInput(idParams, request.params, 'path');
    const { accept } = parseInput(setSessionTasksRequestSchema, request.body);
    return { session: sessions.setAcceptsSessionTasks(id, accept) };
  });

  app.post('/api/sessions/:id/dialog', async (request) => {
    const { id } = parseInput(idParams, request.params, 'path');
    const { option } = parseInput(dialogAnswerRequestSchema, request.body);
    await answerDialog(sessions, tmux, id, option);
    return { session: sessions.get(id) };
  });
}

const RECENT_FOLDERS = 10;

/**
 * Project folders the person chose for earlier sessions, most recently active first, for the
 * page's "New session" dialog. Folders the hub made, and folders gone from disk, are left out.
 */
export function recentFolders(all: Session[]): string[] {
  const latest = new Map<string, string>();
  for (const session of all) {
    if (session.ownsFolder) continue;
    const seen = latest.get(session.cwd);
    if (seen === undefined || session.lastActivityAt > seen) latest.set(session.cwd, session.lastActivityAt);
  }
  return [...latest.entries()]
    .sort((a, b) => b[1].localeCompare(a[1]))
    .map(([folder]) => folder)
    .filter((folder) => existsSync(folder))
    .slice(0, RECENT_FOLDERS);
}
