import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { HookPayload } from '../../protocol/hooks.js';
import type { SessionState } from '../../protocol/session.js';
import type { Timeline } from './timeline.js';
import type { PermissionService } from '../permissions/permission-service.js';
import type { SessionService } from '../sessions/session-service.js';

/**
 * Puts on the timeline what happens outside the inbox: state changes, permission requests and
 * decisions, and Claude's replies (the Stop hook's last assistant message), so `receive` shows
 * the whole conversation as text.
 */
export class TimelineRecorder {
  private readonly lastState = new Map<string, SessionState>();

  constructor(
    private readonly deps: {
      timeline: Timeline;
      sessions: SessionService;
      permissions: PermissionService;
      log: FastifyBaseLogger;
    },
  ) {
    for (const session of deps.sessions.list()) this.lastState.set(session.id, session.state);
    deps.sessions.onChange((change) => {
      if (change.type === 'removed') return void this.lastState.delete(change.id);
      const { id, state } = change.session;
      const from = this.lastState.get(id) ?? null;
      if (from === state) return;
      this.lastState.set(id, state);
      deps.timeline.append(id, 'state', { from, to: state });
    });
    deps.permissions.onChange((request) =>
      deps.timeline.append(request.sessionId, 'permission', {
        id: request.id,
        toolName: request.toolName,
        toolInput: request.toolInput,
        state: request.state,
        decidedBy: request.decidedBy,
        message: request.message,
      }),
    );
  }

  /** Claude Code notified ("Claude is waiting for your input"): kept as it came, for `tail`. */
  recordNotification(sessionId: string, payload: HookPayload): void {
    this.deps.timeline.append(sessionId, 'notification', {
      type: payload.notification_type ?? null,
      message: payload.message ?? null,
    });
  }

  /** Claude finished a turn: its last message becomes an outbound event. */
  async recordReply(sessionId: string, payload: HookPayload): Promise<void> {
    const text = await lastAssistantText(payload).catch((error: unknown) => {
      this.deps.log.warn({ sessionId, err: error }, 'could not read the reply from the transcript');
      return null;
    });
    if (text !== null && text.trim() !== '') this.deps.timeline.append(sessionId, 'message_out', { text });
  }
}

/**
 * Claude Code 2.1 puts `last_assistant_message` in the Stop payload; older versions only give
 * `transcript_path` (JSONL), whose last assistant entry's text blocks are the reply.
 */
export async function lastAssistantText(payload: HookPayload): Promise<string | null> {
  const direct = (payload as Record<string, unknown>).last_assistant_message;
  if (typeof direct === 'string') return direct;
  if (payload.transcript_path === undefined) return null;
  const lines = (await readFile(payload.transcript_path, 'utf8')).trimEnd().split('\n');
  for (const line of lines.reverse()) {
    let entry: { type?: string; message?: { content?: unknown } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.type !== 'assistant') continue;
    const content = entry.message?.content;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) continue;
    const texts = content
      .filter((b): b is { type: 'text'; text: string } => (b as { type?: string }).type === 'text')
      .map((b) => b.text);
    if (texts.length > 0) return texts.join('\n');
  }
  return null;
}
