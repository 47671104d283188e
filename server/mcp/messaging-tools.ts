import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_MESSAGE_CHARS, messageKindSchema } from '../../protocol/messages.js';
import type { Timeline } from '../events/timeline.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { PermissionService } from '../permissions/permission-service.js';
import type { SessionService } from '../sessions/session-service.js';
import { jsonResult } from './tool-kit.js';

const target = z.string().min(1).describe('The session: its id, its name, or its folder name.');

/** Messaging and the timeline (send, receive, wait_for_activity) and permission prompts. */
export function registerMessagingTools(
  server: McpServer,
  deps: {
    sessions: SessionService;
    messaging: MessagingService;
    timeline: Timeline;
    permissions: PermissionService;
    /** How messages sent over MCP are signed, as the receiver reads them (not an authority). */
    senderName: string;
  },
): void {
  const { sessions, messaging, timeline, permissions } = deps;

  server.registerTool(
    'send',
    {
      description:
        'Send text to a session. It goes into the session\'s inbox and is typed in as its next prompt as soon as the session is idle (kind "task", the default), or handed to it with its next turn (kind "note"). Returns the message with its id; receive shows when it was delivered and the reply.',
      inputSchema: {
        session: target,
        text: z.string().min(1).max(MAX_MESSAGE_CHARS),
        kind: messageKindSchema.optional(),
      },
    },
    ({ session, text, kind }) =>
      jsonResult(() => ({
        message: messaging.send(session, text, kind ?? 'task', { name: deps.senderName, sessionId: null }),
      })),
  );

  server.registerTool(
    'receive',
    {
      description:
        'What happened in a session, oldest first: messages in and out (Claude\'s replies are kind "message_out"), spoken turns, state changes, permission prompts. Pass since = the "last" id of your previous call to get only what is new; without since, the newest `limit` events.',
      inputSchema: {
        session: target,
        since: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      },
    },
    ({ session, since, limit }) =>
      jsonResult(() => {
        const sessionId = sessions.resolve(session).id;
        const events = timeline.list({ sessionId, since, limit: limit ?? 100 });
        return { events, last: events.at(-1)?.id ?? since ?? timeline.lastId() };
      }),
  );

  server.registerTool(
    'wait_for_activity',
    {
      description:
        'Wait until something newer than `since` happens in a session (returns at once if it already did), up to timeout_s seconds. Returns the new events and the "last" id to pass next time; an empty list means nothing happened in time.',
      inputSchema: {
        session: target,
        since: z.number().int().min(0),
        timeout_s: z.number().min(0).max(300).optional(),
      },
    },
    ({ session, since, timeout_s }) =>
      jsonResult(async () => {
        const sessionId = sessions.resolve(session).id;
        const events = await timeline.waitForNewer(
          { sessionId, since, limit: 100 },
          (timeout_s ?? 30) * 1000,
        );
        return { events, last: events.at(-1)?.id ?? since };
      }),
  );

  server.registerTool(
    'pending_permissions',
    {
      description:
        'Permission prompts waiting for a decision (all sessions, or one): tool name and full input.',
      inputSchema: { session: target.optional() },
    },
    ({ session }) =>
      jsonResult(() => ({
        requests: permissions.list({
          state: 'pending',
          sessionId: session === undefined ? undefined : sessions.resolve(session).id,
        }),
      })),
  );

  server.registerTool(
    'respond_permission',
    {
      description:
        'Decide a pending permission prompt: behavior "allow" or "deny" (with a message Claude will read). scope "session" allows that tool for the rest of the session; suggestion (an index into the request\'s suggestions, Claude Code\'s own, e.g. a rule "npm test *") allows only that for the session. A prompt already decided is an error saying by whom.',
      inputSchema: {
        id: z.string().min(1),
        behavior: z.enum(['allow', 'deny']),
        message: z.string().min(1).max(2000).optional(),
        scope: z.enum(['once', 'session']).optional(),
        suggestion: z.number().int().min(0).max(49).optional(),
      },
    },
    ({ id, behavior, message, scope, suggestion }) =>
      jsonResult(() => ({
        request: permissions.decide(
          id,
          {
            behavior,
            ...(message === undefined ? {} : { message }),
            ...(scope === undefined ? {} : { scope }),
            ...(suggestion === undefined ? {} : { suggestion }),
          },
          // The credential is what decides who acted: whatever the client calls itself, it is MCP.
          'mcp',
        ),
      })),
  );
}
