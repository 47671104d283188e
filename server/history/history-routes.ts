import type { FastifyInstance } from 'fastify';
import { historySearchQuerySchema, type HistoryResult } from '../../protocol/history.js';
import { AppError } from '../errors.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';
import { ftsQuery } from './fts-query.js';
import type { HistoryStore } from './history-store.js';

const DEFAULT_LIMIT = 20;

/**
 * `GET /api/history/search?q=&state=&limit=`: the sessions whose transcripts hold the words,
 * best match first, each with its best snippets (plain text and the offsets to highlight).
 */
export function registerHistoryRoutes(
  app: FastifyInstance,
  deps: { sessions: SessionService; history: HistoryStore },
): void {
  app.get('/api/history/search', async (request) => {
    const { q, state, limit } = parseInput(historySearchQuerySchema, request.query, 'query');
    if (ftsQuery(q) === null) {
      const message = 'holds no word to search for';
      throw new AppError('validation_failed', `Invalid query: q: ${message}`, {
        issues: [{ path: 'q', message }],
      });
    }
    const found = deps.history.search({ text: q, state, limit: limit ?? DEFAULT_LIMIT });
    const results: HistoryResult[] = [];
    for (const group of found) {
      if (!deps.sessions.has(group.sessionId)) continue;
      results.push({
        session: deps.sessions.get(group.sessionId),
        matches: group.hits.map(({ sessionId: _, ...match }) => match),
        matchCount: group.count,
      });
    }
    return { results };
  });
}
