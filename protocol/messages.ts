import { z } from 'zod';

/**
 * Text orchestration: messages into sessions' inboxes (from an orchestrator, a script, or another
 * session), and the timeline of everything that happened, read with `since=<event id>` cursors.
 */

/** `task` wakes an idle session (typed in at once); `note` waits for the session's next turn. */
export const messageKindSchema = z.enum(['task', 'note']);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const MAX_MESSAGE_CHARS = 100_000;

/** Who sends a message, as the receiver will read it ("orchestrator", "ci"...): a label, not an authority. */
export const senderNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a short name');

/** `POST /api/sessions/:id/messages`. */
export const sendMessageRequestSchema = z.strictObject({
  text: z.string().min(1, 'must not be empty').max(MAX_MESSAGE_CHARS),
  kind: messageKindSchema.default('task'),
  from: senderNameSchema.optional(),
  /** The page: the person said it (push-to-talk) rather than typed it; its transcript says so. */
  spoken: z.boolean().optional(),
});
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

export const inboxMessageSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  from: z.string(),
  /** The sending session's id, when a session sent it. */
  fromSessionId: z.string().nullable(),
  kind: messageKindSchema,
  text: z.string(),
  createdAt: z.string(),
  /** When it was typed into the session (or read with read_inbox); null while it waits. */
  deliveredAt: z.string().nullable(),
  /** The timeline event that recorded it. */
  eventId: z.number().int(),
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;

/** What kinds of things the timeline records. */
export const eventKindSchema = z.enum([
  'message_in',
  'message_delivered',
  'message_out',
  'transcript',
  'state',
  'permission',
  /** Claude Code's Notification hook: `{type, message}` (idle_prompt, permission_prompt…). */
  'notification',
]);
export type EventKind = z.infer<typeof eventKindSchema>;

export const timelineEventSchema = z.object({
  id: z.number().int().positive(),
  sessionId: z.string().nullable(),
  kind: eventKindSchema,
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** `GET /api/events?since=&limit=&session=&waitS=` and the MCP `receive` tool. */
export const eventsQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0, 'must be 0 or an event id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  session: z.string().min(1).optional(),
  /** Long poll: wait up to this long for an event newer than `since`. */
  waitS: z.coerce.number().min(0).max(60).optional(),
});
