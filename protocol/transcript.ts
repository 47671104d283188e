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
