import { z } from 'zod';
import { sessionSchema } from './session.js';
import { transcriptKindSchema, transcriptRoleSchema } from './transcript.js';

/**
 * `GET /api/history/search?q=&state=&limit=`: sessions whose transcript holds every word of `q`
 * (a word matches as a prefix: "deploy" finds "deploying"), best match first. Plain words only:
 * quotes, `*`, `AND`/`OR`/`NEAR` are searched as text, never as query syntax.
 */
export const historySearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  /** Only exited sessions (what the page's Past sessions search), or only live ones. */
  state: z.enum(['live', 'exited']).optional(),
  /** How many sessions to answer (default 20). */
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
});
export type HistorySearchQuery = z.infer<typeof historySearchQuerySchema>;

/**
 * One matching transcript entry, cut around the match. `snippet` is plain text (never markup: the
 * page puts it in a text node); `highlights` are [start, end) offsets of the matched words in it.
 */
export const historyMatchSchema = z.object({
  entryId: z.number().int(),
  at: z.string(),
  role: transcriptRoleSchema,
  kind: transcriptKindSchema,
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type HistoryMatch = z.infer<typeof historyMatchSchema>;

export const historyResultSchema = z.object({
  session: sessionSchema,
  /** The best few matches of this session (at most 3), best first. */
  matches: z.array(historyMatchSchema),
  /** How many of its entries matched in all (the search stops counting at 500 per query). */
  matchCount: z.number().int(),
});
export type HistoryResult = z.infer<typeof historyResultSchema>;

export const historySearchAnswerSchema = z.object({ results: z.array(historyResultSchema) });
