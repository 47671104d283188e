import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import {
  createSessionRequestSchema,
  deleteSessionQuerySchema,
  dialogAnswerRequestSchema,
  resumeSessionRequestSchema,
  sessionIdParams,
  sessionListQuerySchema,
  setSessionTasksRequestSchema,
  type Session,
} from '../../protocol/session.js';
import { actorOf } from '../auth/scopes.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from './session-service.js';
import type { Tmux } from '../tmux/tmux.js';
import { answerDialog } from './dialog-answer.js';

/** REST for scripts and the CLI: /api/sessions. */
export function registerSessionRoutes(app: FastifyInstance, sessions: SessionService, tmux: Tmux): void {
  app.get('/api/sessions', async (request) => {
    const filter = parseInput(sessionListQuerySchema, request.query, 'query');
    return { sessions: sessions.list(filter) };
  });

  app.post('/api/sessions', async (request, reply) => {
    const body = parseInput(createSessionRequestSchema, request.body);
    const session = await sessions.create(body);
    return reply.status(201).send({ session });
  });

  app.get('/api/sessions/:id', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    return { session: sessions.get(id) };
  });

  // Stopping keeps the session (exited, in Past sessions); ?forget=1 deletes it and its history.
  app.delete('/api/sessions/:id', async (request, reply) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { forget } = parseInput(deleteSessionQuerySchema, request.query, 'query');
    const by = actorOf(request) === 'page' ? 'page' : 'api';
    if (forget === true) {
      await sessions.forget(id, by);
      return reply.status(204).send();
    }
    return { session: await sessions.stop(id, by) };
  });

  app.post('/api/sessions/:id/resume', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { prompt } = parseInput(resumeSessionRequestSchema, request.body);
    return { session: await sessions.resume(id, { prompt }) };
  });

  app.get('/api/folders/recent', async () => ({ folders: recentFolders(sessions.list()) }));

  // The person's call: may other sessions type tasks into this one (off by default)?
  app.put('/api/sessions/:id/session-tasks', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { accept } = parseInput(setSessionTasksRequestSchema, request.body);
    return { session: sessions.setAcceptsSessionTasks(id, accept) };
  });

  app.post('/api/sessions/:id/dialog', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
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
