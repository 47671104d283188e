import type { FastifyInstance } from 'fastify';
import {
  replyRequestSchema,
  sessionIdParams,
  setMutedRequestSchema,
  setVoiceRequestSchema,
} from '../../protocol/session.js';
import { AppError } from '../errors.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';
import type { TtsEngine } from './engines/engine-types.js';
import type { VoiceService } from './voice-service.js';

/** Voice settings and typed replies: /api/voices, /api/sessions/:id/{voice,muted,reply}. */
export function registerVoiceRoutes(
  app: FastifyInstance,
  deps: { sessions: SessionService; voice: VoiceService; tts: TtsEngine },
): void {
  app.get('/api/voices', async () => ({ voices: await deps.tts.voices() }));

  app.put('/api/sessions/:id/voice', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const settings = parseInput(setVoiceRequestSchema, request.body);
    deps.sessions.record(id); // 404 before 400: an unknown session is the bigger mistake
    if (settings.voice !== undefined && !(await deps.tts.voices()).some((v) => v.id === settings.voice)) {
      throw new AppError(
        'validation_failed',
        `Unknown voice "${settings.voice}"; GET /api/voices lists them.`,
        {
          issues: [{ path: 'voice', message: 'is not a voice of the speech engine' }],
        },
      );
    }
    return { session: deps.sessions.setVoice(id, settings) };
  });

  app.put('/api/sessions/:id/muted', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { muted } = parseInput(setMutedRequestSchema, request.body);
    deps.sessions.record(id);
    deps.voice.setMuted(id, muted);
    return { session: deps.sessions.get(id) };
  });

  app.post('/api/sessions/:id/reply', async (request) => {
    const { id } = parseInput(sessionIdParams, request.params, 'path');
    const { text } = parseInput(replyRequestSchema, request.body);
    deps.voice.reply(id, text);
    return { session: deps.sessions.get(id) };
  });
}
