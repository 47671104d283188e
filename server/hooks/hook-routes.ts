import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { callerOf } from '../auth/scopes.js';
import {
  CLAUDE_SESSION_ID_PATTERN,
  hookEventNameSchema,
  hookPayloadSchema,
  type HookPayload,
} from '../../protocol/hooks.js';
import { parseInput } from '../http/validation.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { TimelineRecorder } from '../events/timeline-recorder.js';
import type { SessionService } from '../sessions/session-service.js';
import type { ClaudeTranscriptFollower } from '../transcript/claude-transcript-follower.js';

export type HookRouteDeps = {
  sessions: SessionService;
  messaging: MessagingService;
  recorder: TimelineRecorder;
  follower: ClaudeTranscriptFollower;
  /** Where Claude Code saves a session's conversation (claude-transcript-path.ts). */
  transcriptPath: (cwd: string, claudeSessionId: string) => string | null;
};

/**
 * Claude Code's hooks, with the session's own token (the session scope checked it:
 * server/auth/credentials.ts): `POST /hooks/:id/claude`, the body is the hook's JSON as Claude
 * Code sends it, the answer is the hook's output (`{}`: nothing to say). Claude Code posts it
 * itself (an HTTP hook, no process per event) or, where it has no HTTP hook (SessionStart, older
 * CLIs), mcp-proxy/post-hook.ts posts it and prints the answer (session-files.ts says which).
 * A UserPromptSubmit's output carries the notes waiting for this turn, as additionalContext.
 */
export function registerHookRoutes(app: FastifyInstance, deps: HookRouteDeps): void {
  app.post('/hooks/:id/claude', async (request) => {
    const event = isObject(request.body) ? request.body.hook_event_name : undefined;
    // Claude Code may send events the hub does not follow: nothing to do, and not an error.
    if (typeof event === 'string' && !hookEventNameSchema.safeParse(event).success) return {};
    const payload = parseInput(hookPayloadSchema, request.body);
    return reportHook(deps, callerOf(request), payload, request.log) ?? {};
  });
}

/** What a hook tells the hub, applied; the output for Claude Code, or null for none. */
function reportHook(
  deps: HookRouteDeps,
  sessionId: string,
  payload: HookPayload,
  log: FastifyBaseLogger,
): Record<string, unknown> | null {
  const record = deps.sessions.record(sessionId);
  log.debug({ sessionId: record.id, hook: payload.hook_event_name }, 'hook');
  deps.sessions.applyHook(record.id, payload);
  // Every hook says where the transcript is, and is a moment when it has grown. The session
  // says it, so the hub reads only where Claude Code itself writes that session's conversation.
  const transcriptPath = trustedTranscriptPath(
    payload,
    deps.transcriptPath(record.cwd, payload.session_id ?? ''),
  );
  if (payload.transcript_path !== undefined && transcriptPath === undefined) {
    log.warn(
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
      return { hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: notes } };
    }
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
