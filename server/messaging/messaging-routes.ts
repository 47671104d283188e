import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/scopes.js';
import { eventsQuerySchema, sendMessageRequestSchema } from '../../protocol/messages.js';
import type { Timeline } from '../events/timeline.js';
import type { SessionService } from '../sessions/session-service.js';
import type { TranscriptLog } from '../transcript/transcript-log.js';
import { parseInput } from '../http/validation.js';
import type { MessagingService } from './messaging-service.js';

const targetParams = z.object({ id: z.string().min(1).max(200) });
const inboxReadSchema = z.strictObject({
  /** The largest message id the reader has processed: those up to it are delivered. */
  ack: z.number().int().min(0).optional(),
});
const recentQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const DEFAULT_EVENTS = 100;

/**
 * REST for scripts: `POST/GET /api/sessions/:id/messages` (the id, a name or a folder name) and
 * `GET /api/events` (the timeline with a cursor; `waitS` long-polls for what comes next).
 */
export function registerMessagingRoutes(
  app: FastifyInstance,
  deps: {
    sessions: SessionService;
    messaging: MessagingService;
    timeline: Timeline;
    transcript: TranscriptLog;
  },
): void {
  app.post('/api/sessions/:id/messages', async (request, reply) => {
    const { id } = parseInput(targetParams, request.params, 'path');
    const body = parseInput(sendMessageRequestSchema, request.body);
    const actor = actorOf(request);
    const message = deps.messaging.send(id, body.text, body.kind, {
      name: body.from ?? actor,
      sessionId: null,
    });
    // What the person typed on the page belongs in the conversation they read there.
    if (actor === 'page') {
      deps.transcript.record(message.sessionId, {
        role: 'user',
        channel: body.spoken === true ? 'voice' : 'text',
        text: body.text,
        turnId: null,
      });
    }
    return reply.status(201).send({ message });
  });

  app.get('/api/sessions/:id/messages', async (request) => {
    const { id } = parseInput(targetParams, request.params, 'path');
    const { limit } = parseInput(recentQuery, request.query, 'query');
    return { messages: deps.messaging.recent(deps.sessions.resolve(id).id, limit) };
  });

  // A reader standing in for the session (a script): acknowledges what it processed, gets what waits.
  app.post('/api/sessions/:id/inbox/read', async (request) => {
    const { id } = parseInput(targetParams, request.params, 'path');
    const { ack } = parseInput(inboxReadSchema, request.body);
    return { messages: deps.messaging.readWithAck(deps.sessions.resolve(id).id, ack) };
  });

  app.get('/api/events', async (request) => {
    const query = parseInput(eventsQuerySchema, request.query, 'query');
    const sessionId = query.session === undefined ? undefined : deps.sessions.resolve(query.session).id;
    const limit = query.limit ?? DEFAULT_EVENTS;
    const events =
      query.waitS !== undefined && query.since !== undefined
        ? await deps.timeline.waitForNewer({ sessionId, since: query.since, limit }, query.waitS * 1000)
        : deps.timeline.list({ sessionId, since: query.since, limit });
    return { events, last: deps.timeline.lastId() };
  });
}
