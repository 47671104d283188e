import type { FastifyBaseLogger } from 'fastify';
import type { SessionService } from '../sessions/session-service.js';

/**
 * SWITCHBOARD_RESUME_ON_START: the sessions whose tmux was gone when the hub started (a reboot)
 * are resumed, one after another; one that cannot be (shell-only, nothing saved, its folder gone,
 * its name taken) stays in Past sessions with its reason logged, and the others go on.
 */
export async function resumeAfterReboot(deps: {
  sessions: SessionService;
  ids: readonly string[];
  log: FastifyBaseLogger;
}): Promise<void> {
  for (const id of deps.ids) {
    const record = deps.sessions.record(id);
    const why = deps.sessions.whyNotResumable(record);
    if (why !== null) {
      deps.log.info({ sessionId: id, reason: why }, 'not resumed at start');
      continue;
    }
    try {
      await deps.sessions.resume(id);
      deps.log.info({ sessionId: id, name: record.name }, 'resumed at start');
    } catch (error) {
      deps.log.warn({ err: error, sessionId: id }, 'resuming at start failed');
    }
  }
}
