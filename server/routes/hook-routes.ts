import type { FastifyInstance } from 'fastify';
import { callerOf } from '../auth/scopes.js';
import {
  CLAUDE_SESSION_ID_PATTERN,
  hookReportSchema,
  statusLineReportSchema,
  type HookAnswer,
  type HookPayload,
} from '../../protocol/hooks.js';
import { parseInput } from '../http/validation.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { TimelineRecorder } from '../messaging/timeline-recorder.js';
import type { SessionService } from '../sessions/session-service.js';
import type { ClaudeTranscriptFollower } from '../transcript/claude-transcript-follower.js';

/**
 * Claude Code's hooks, reported by the proxy binary in hook mode with the session's own token
 * (the session scope checked it: server/auth/credentials.ts).
 * A UserPromptSubmit answer may carry `output` (the notes waiting for this turn, as
 * additionalContext), which the proxy prints for Claude Code.
 */
export function registerHookRoutes(
  app: FastifyInstance,
  deps: {
    sessions: SessionService;
    messaging: MessagingService;
    recorder: TimelineRecorder;
    follower: ClaudeTranscriptFollower;
    /** Where Claude Code saves a session's conversation (claude-transcript-path.ts). */
    transcriptPath: (cwd: string, claudeSessionId: string) => string | null;
  },
): void {
  const { sessions } = deps;
  app.post('/hooks/:id', async (request, reply) => {
    const record = sessions.record(callerOf(request));
    const { payload } = parseInput(hookReportSchema, request.body);
    request.log.debug({ sessionId: record.id, hook: payload.hook_event_name }, 'hook');
    sessions.applyHook(record.id, payload);
    // Every hook says where the transcript is, and is a moment when it has grown. The session
    // says it, so the hub reads only where Claude Code itself writes that session's conversation.
    const transcriptPath = trustedTranscriptPath(
      payload,
      deps.transcriptPath(record.cwd, payload.session_id ?? ''),
    );
    if (payload.transcript_path !== undefined && transcriptPath === undefined) {
      request.log.warn(
        { sessionId: record.id, path: payload.transcript_path },
        'hook named a transcript elsewhere: not read',
      );
    }
    if (transcriptPath !== undefined) void deps.follower.follow(record.id, transcriptPath);
    if (payload.hook_event_name === 'Stop') {
      void deps.recorder.recordReply(record.id, { ...payload, transcript_path: transcriptPath });
    }
    if (payload.hook_event_name === 'Notification') deps.recorder.recordNotification(record.id, payload);
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

/**
 * The hook's `transcript_path` when it is the file Claude Code keeps for the conversation the hook
 * names, in the session's folder's project: a session cannot make the hub read another file
 * (another session's conversation, the hub's own files). Undefined otherwise.
 */
export function trustedTranscriptPath(payload: HookPayload, expected: string | null): string | undefined {
  const reported = payload.transcript_path;
  if (reported === undefined || expected === null || payload.session_id === undefined) return undefined;
  if (!CLAUDE_SESSION_ID_PATTERN.test(payload.session_id)) return undefined;
  return reported === expected ? reported : undefined;
}
