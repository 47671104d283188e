import { z } from 'zod';

/** Session names double as folder names and CLI handles, so they stay filesystem- and shell-safe. */
export const SESSION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `/:id` in a route: a session's id (hub-made, so the same safe alphabet as a name). */
export const sessionIdParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'is not a session id'),
});

export const sessionNameSchema = z
  .string()
  .regex(
    SESSION_NAME_PATTERN,
    'must be 1-64 characters, start with a letter or digit, and contain only letters, digits, "_", "." or "-"',
  );

/** Kokoro voice ids look like `af_heart`; the voice engine checks that the voice exists. */
export const voiceNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a voice id such as "af_heart"');

export const modelNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,99}$/, 'must be a Claude model name or alias such as "sonnet"');

/**
 * Lifecycle: starting -> ready -> busy | idle | waiting_input -> exited, plus `dialog` while a
 * Claude Code start-up dialog waits on screen.
 */
export const sessionStateSchema = z.enum([
  'starting',
  'dialog',
  'ready',
  'busy',
  'idle',
  'waiting_input',
  'waiting_permission',
  'exited',
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const dialogKindSchema = z.enum(['trust_folder', 'api_key', 'onboarding', 'unknown']);
export type DialogKind = z.infer<typeof dialogKindSchema>;

export const sessionDialogSchema = z.object({
  kind: dialogKindSchema,
  /** The dialog as it reads on screen, for a person to decide. */
  text: z.string(),
  /** Numbered choices as shown, e.g. ["Yes, I trust this folder", "No, exit"]. */
  options: z.array(z.string()),
});
export type SessionDialog = z.infer<typeof sessionDialogSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  name: z.string(),
  cwd: z.string(),
  /** True when the hub made the folder itself (it then answers the trust dialog for it). */
  ownsFolder: z.boolean(),
  claudeSessionId: z.string(),
  tmuxSession: z.string(),
  voice: z.string(),
  speed: z.number(),
  /** A muted session's converse calls answer "(session muted)" at once. */
  muted: z.boolean(),
  model: z.string().nullable(),
  state: sessionStateSchema,
  statusText: z.string().nullable(),
  dialog: sessionDialogSchema.nullable(),
  proxyConnected: z.boolean(),
  /** The oldest converse message still waiting for the person's answer. */
  pendingConverse: z.string().nullable(),
  /** How full Claude's context window is (0-100), from the status line; null until it reports. */
  contextPercent: z.number().nullable(),
  /** Messages waiting in the session's inbox (not yet typed in or read). */
  inboxWaiting: z.number().int(),
  /** A shell-only session (a command runs in its terminal instead of Claude Code). */
  shellOnly: z.boolean(),
  /**
   * Tasks from other sessions are typed in (the person allowed it); otherwise they wait in the
   * inbox as notes. Tasks from the person (the page, REST, the CLI, MCP) always are.
   */
  acceptsSessionTasks: z.boolean(),
  /**
   * Something wrong that the person should see, or null: `proxy: disconnected since <ISO time>`
   * when the session's MCP proxy is gone while Claude Code runs (its Switchboard tools are gone).
   */
  problem: z.string().nullable(),
  /** Since when the session's proxy has been away (ISO), while the session runs; null otherwise. */
  proxyDisconnectedAt: z.string().nullable(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  exitedAt: z.string().nullable(),
  exitReason: z.string().nullable(),
  /**
   * Exited, ran Claude Code (not a shell-only command), and Claude Code saved its conversation:
   * `POST /api/sessions/:id/resume` continues it (`claude --resume`) under the same id.
   */
  resumable: z.boolean(),
  /** Why an exited session cannot be resumed, in a sentence to show; null when it can, or runs. */
  notResumable: z.string().nullable(),
  /**
   * Put away by the person: stopped on purpose, or its tab closed after it ended. It is listed in
   * Past sessions only, not as a tab (the page's socket leaves it out). False while it runs.
   */
  archived: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

/** `GET /api/sessions?state=`: `live` (anything but exited), `exited`, or every session (absent). */
export const sessionListQuerySchema = z.strictObject({
  state: z.enum(['live', 'exited']).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
});

/** `DELETE /api/sessions/:id?forget=1`: forget it (record, history, files) instead of stopping it. */
export const deleteSessionQuerySchema = z.strictObject({
  forget: z
    .enum(['1', '0', 'true', 'false'], { message: 'must be 1 or 0' })
    .transform((value) => value === '1' || value === 'true')
    .optional(),
});

/** `POST /api/sessions/:id/resume`: optionally with the first prompt of the resumed conversation. */
export const resumeSessionRequestSchema = z.strictObject({
  prompt: z.string().min(1, 'must not be empty').max(100_000).optional(),
});

export const createSessionRequestSchema = z.strictObject({
  name: sessionNameSchema.optional(),
  cwd: z.string().min(1, 'must not be empty').max(4096).optional(),
  voice: voiceNameSchema.optional(),
  model: modelNameSchema.optional(),
  prompt: z.string().min(1, 'must not be empty').max(100_000).optional(),
  /**
   * A shell-only session: this command line runs in the session's terminal instead of Claude
   * Code (through the shell, e.g. "bash" or "htop"); no MCP proxy, no hooks, and the session is
   * `ready` as soon as its pane exists. Not together with prompt or model.
   */
  command: z
    .string()
    .min(1, 'must not be empty')
    .max(10_000)
    .regex(/^[^\0]*$/, 'must not contain NUL bytes')
    .optional(),
  /** Let other sessions type tasks into this one (default false; not for a shell-only session). */
  acceptsSessionTasks: z.boolean().optional(),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

export const speedSchema = z.number().min(0.5, 'must be at least 0.5').max(2, 'must be at most 2');

export const setVoiceRequestSchema = z
  .strictObject({ voice: voiceNameSchema.optional(), speed: speedSchema.optional() })
  .refine((body) => body.voice !== undefined || body.speed !== undefined, 'give voice, speed or both');

export const setMutedRequestSchema = z.strictObject({ muted: z.boolean() });

/** `PUT /api/sessions/:id/session-tasks`: whether other sessions may type tasks into this one. */
export const setSessionTasksRequestSchema = z.strictObject({ accept: z.boolean() });

export const replyRequestSchema = z.strictObject({
  text: z.string().min(1, 'must not be empty').max(100_000),
});

export const dialogAnswerRequestSchema = z.strictObject({
  /** 1-based number of the option as shown in the dialog. */
  option: z.number().int().min(1).max(9),
});
