import { z } from 'zod';

/**
 * One line of a session's conversation as the person sees it: what the session said (spoken or
 * written), what the person answered (by voice or typed), and the hub's own notes ("no speech
 * detected"). The hub stores every entry, so a reload or a second device shows the same.
 */
export const transcriptRoleSchema = z.enum(['assistant', 'user', 'system']);
export type TranscriptRole = z.infer<typeof transcriptRoleSchema>;

/** `voice`: spoken aloud or heard through the microphone; `text`: read or typed only. */
export const transcriptChannelSchema = z.enum(['voice', 'text']);
export type TranscriptChannel = z.infer<typeof transcriptChannelSchema>;

/**
 * Where an entry comes from. `said`: the conversation the hub carries itself (`converse` turns, the
 * person's answers, the hub's notes). From the session's Claude Code transcript file (the hub
 * follows it, server/transcript/claude-transcript-follower.ts): `reply`, Claude's text outside
 * `converse`; `prompt`, a prompt typed into Claude (by the person at the terminal, or by the hub
 * delivering a task); `tool`, a tool call (its one-line summary in `text`); `tool_result`, how that
 * call ended (`tool.toolUseId` pairs them); `error`, an API error Claude Code reported.
 */
export const transcriptKindSchema = z.enum(['said', 'reply', 'prompt', 'tool', 'tool_result', 'error']);
export type TranscriptKind = z.infer<typeof transcriptKindSchema>;

/** A tool call or its outcome, as the page needs it to show one collapsed line and the detail. */
export const transcriptToolSchema = z.object({
  toolUseId: z.string(),
  /** Claude Code's tool name: Bash, Edit, Write, Read, mcp__server__tool… */
  name: z.string(),
  /** tool: the call's input (long strings cut to a few KB); tool_result: null. */
  input: z.record(z.string(), z.unknown()).nullable(),
  /** tool_result: whether the call failed; tool: null. */
  isError: z.boolean().nullable(),
  /** tool_result: the start of its output (a few KB); tool: null. */
  output: z.string().nullable(),
});
export type TranscriptTool = z.infer<typeof transcriptToolSchema>;

export const transcriptEntrySchema = z.object({
  /** Monotonic across the hub: a cursor for `?since=`. */
  id: z.number().int().positive(),
  sessionId: z.string(),
  role: transcriptRoleSchema,
  channel: transcriptChannelSchema,
  text: z.string(),
  /** ISO time the hub recorded it. */
  at: z.string(),
  /** The converse turn it belongs to, when it belongs to one. */
  turnId: z.string().nullable(),
  kind: transcriptKindSchema.default('said'),
  /** With kind tool / tool_result. */
  tool: transcriptToolSchema.nullable().default(null),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/** Hub -> page over `/ws`: a new transcript entry of any session. */
export const transcriptMessageSchema = z.object({
  type: z.literal('transcript'),
  entry: transcriptEntrySchema,
});

/** `GET /api/sessions/:id/transcript?since=&limit=` answers with entries in id order. */
export const transcriptQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0, 'must be 0 or a transcript entry id').optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
});
