import type { FastifyInstance } from 'fastify';
import { sessionIdParams } from '../../protocol/session.js';
import { transcriptQuerySchema } from '../../protocol/transcript.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';
import type { TranscriptLog } from './transcript-log.js';

/** `GET /api/sessions/:id/transcript?since=&limit=`: what was said and typed, oldest first. */
export function registerTranscriptRoutes(
  app: FastifyInstance,
  deps: { sessions: SessionService; transcript: TranscriptLog },
): void {
  app.get('/api/sessions/:id/transcript', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const query = parseInput(transcriptQuerySchema, request.query, 'query');
    deps.sessions.record(id);
    return { entries: deps.transcript.list(id, query) };
  });
}
