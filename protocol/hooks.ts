import { z } from 'zod';

/** Claude Code hook events the proxy binary reports to the hub (run as `main.js hook`). */
export const hookEventNameSchema = z.enum([
  'SessionStart',
  'UserPromptSubmit',
  'Stop',
  'Notification',
  'SessionEnd',
]);
export type HookEventName = z.infer<typeof hookEventNameSchema>;

/**
 * What Claude Code writes to a hook's stdin. Only the fields the hub uses are named; the rest is
 * kept as it came (Claude Code adds fields between versions).
 */
export const hookPayloadSchema = z.looseObject({
  hook_event_name: hookEventNameSchema,
  session_id: z.string().optional(),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  message: z.string().optional(),
  notification_type: z.string().optional(),
  source: z.string().optional(),
  reason: z.string().optional(),
});
export type HookPayload = z.infer<typeof hookPayloadSchema>;

/** Claude Code's conversation ids (`session_id`) are UUIDs; nothing else becomes a file name. */
export const CLAUDE_SESSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
