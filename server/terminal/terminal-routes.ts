import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  screenQuerySchema,
  setRecordingRequestSchema,
  terminalTicketRequestSchema,
  type TerminalTicket,
} from '../../protocol/terminal.js';
import { sessionIdParams } from '../../protocol/session.js';
import { AppError } from '../errors.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tmux } from '../tmux/tmux.js';
import type { RecordingService } from './recordings.js';
import type { TicketStore } from './ticket-store.js';

export type TerminalRouteDeps = {
  sessions: SessionService;
  tmux: Tmux;
  tickets: TicketStore;
  recordings: RecordingService;
};

const recordingParams = sessionIdParams.extend({
  name: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'is not a recording name'),
});

/** REST around the terminal: tickets for the socket, the screen as text, recordings. */
export function registerTerminalRoutes(app: FastifyInstance, deps: TerminalRouteDeps): void {
  const { sessions, tmux, tickets, recordings } = deps;

  app.post('/api/sessions/:id/terminal-ticket', async (request, reply) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { write = false } = parseInput(terminalTicketRequestSchema, request.body);
    const record = sessions.record(id);
    const issued = tickets.issue(record.id, write);
    const answer: TerminalTicket = {
      ticket: issued.ticket,
      expiresAt: new Date(issued.expiresAt).toISOString(),
      url: `/ws/terminal/${encodeURIComponent(record.id)}?ticket=${encodeURIComponent(issued.ticket)}`,
      write,
    };
    // Tickets are secrets: no cache may keep one.
    return reply.status(201).header('cache-control', 'no-store').send(answer);
  });

  app.get('/api/sessions/:id/screen', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { lines, ansi } = parseInput(screenQuerySchema, request.query, 'query');
    const record = sessions.record(id);
    try {
      const text = await tmux.capturePane(record.tmuxSession, lines > 0 ? { lines, ansi } : { ansi });
      return { text };
    } catch (error) {
      if (error instanceof AppError && /can't find|no server/i.test(error.message)) {
        throw new AppError('not_found', `The terminal of session "${record.name}" is gone.`, {
          cause: error,
        });
      }
      throw error;
    }
  });

  app.get('/api/sessions/:id/recordings', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    return recordings.describe(id);
  });

  app.put('/api/sessions/:id/recording', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { enabled } = parseInput(setRecordingRequestSchema, request.body);
    await recordings.setEnabled(id, enabled);
    return recordings.describe(id);
  });

  app.get('/api/sessions/:id/recordings/:name', async (request, reply) => {
    const { id, name } = parseInput(recordingParams, request.params, 'path');
    const path = recordings.filePath(id, name);
    const sessionName = sessions.record(id).name;
    return reply
      .type('application/x-asciicast')
      .header('content-disposition', `attachment; filename="${sessionName}-${name}"`)
      .header('cache-control', 'no-store')
      .send(createReadStream(path));
  });
}
