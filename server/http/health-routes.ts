import type { FastifyInstance } from 'fastify';
import type { SessionService } from '../sessions/session-service.js';

/** Unauthenticated liveness check: says nothing about the sessions but how many there are. */
export function registerHealthRoutes(app: FastifyInstance, sessions: SessionService, version: string): void {
  const startedAt = Date.now();
  app.get('/health', async () => ({
    ok: true,
    version,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    sessions: sessions.list().filter((s) => s.state !== 'exited').length,
  }));
}
