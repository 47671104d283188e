import type { FastifyInstance } from 'fastify';
import { callerOf } from '../auth/scopes.js';
import { hookReportSchema, statusLineReportSchema, type HookAnswer } from '../../protocol/hooks.js';
import { parseInput } from '../http/validation.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { TimelineRecorder } from '../messaging/timeline-recorder.js';
import type { SessionService } from '../sessions/session-service.js';

/**
 * Claude Code's hooks, reported by the proxy binary in hook mode with the session's own token
 * (the session scope checked it: server/auth/credentials.ts).
 * A UserPromptSubmit answer may carry `output` (the notes waiting for this turn, as
 * additionalContext), which the proxy prints for Claude Code.
 */
export function registerHookRoutes(
  app: FastifyInstance,
  deps: { sessions: SessionService; messaging: MessagingService; recorder: TimelineRecorder },
): void {
  const { sessions } = deps;
  app.post('/hooks/:id', async (request, reply) => {
    const record = sessions.record(callerOf(request));
    const { payload } = parseInput(hookReportSchema, request.body);
    request.log.debug({ sessionId: record.id, hook: payload.hook_event_name }, 'hook');
    sessions.applyHook(record.id, payload);
    if (payload.hook_event_name === 'Stop') void deps.recorder.recordReply(record.id, payload);
    if (payload.hook_event_name === 'UserPromptSubmit') {
      const notes = deps.messaging.notesForNextTurn(record.id);
      if (notes !== null) {
        const answer: HookAnswer = {
          output: { hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: notes } },
        };
        return answer;
      }
    }
    return reply.status(204).send();
  });

  app.post('/hooks/:id/status-line', async (request, reply) => {
    const record = sessions.record(callerOf(request));
    const { contextPercent } = parseInput(statusLineReportSchema, request.body);
    sessions.setContextPercent(record.id, contextPercent);
    return reply.status(204).send();
  });
}
