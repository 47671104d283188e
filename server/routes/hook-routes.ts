import type { FastifyInstance } from 'fastify';
import { hookReportSchema, statusLineReportSchema } from '../../protocol/hooks.js';
import { requireToken } from '../auth/auth-plugin.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';

/** Claude Code's hooks, reported by the proxy binary in hook mode with the session's own token. */
export function registerHookRoutes(app: FastifyInstance, sessions: SessionService): void {
  app.post<{ Params: { id: string } }>('/hooks/:id', async (request, reply) => {
    const record = sessions.record(request.params.id);
    requireToken(request, record.proxyToken, "this session's token");
    const { payload } = parseInput(hookReportSchema, request.body);
    request.log.debug({ sessionId: record.id, hook: payload.hook_event_name }, 'hook');
    sessions.applyHook(record.id, payload);
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>('/hooks/:id/status-line', async (request, reply) => {
    const record = sessions.record(request.params.id);
    requireToken(request, record.proxyToken, "this session's token");
    const { contextPercent } = parseInput(statusLineReportSchema, request.body);
    sessions.setContextPercent(record.id, contextPercent);
    return reply.status(204).send();
  });
}
