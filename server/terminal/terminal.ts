import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ScopeCheck } from '../auth/scopes.js';
import { TERMINAL_CLOSE } from '../../protocol/terminal.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tmux } from '../tmux/tmux.js';
import { RecordingService } from './recordings.js';
import { registerTerminalRoutes } from './terminal-routes.js';
import { registerTerminalSocket, terminalTicketCheck } from './terminal-socket.js';
import type { TerminalViewer } from './terminal-viewer.js';
import { TicketStore } from './ticket-store.js';
import type { TerminalAttacher } from './tmux-client.js';

export type TerminalSettings = {
  /** How long a terminal ticket stays valid (30 s by default). */
  ticketTtlMs: number;
  /** A recording file is closed and a new one started past this size. */
  recordingFileBytes: number;
  /** A session's recordings are kept under this total; the oldest files go first. */
  recordingCapBytes: number;
};

export type TerminalDeps = {
  sessions: SessionService;
  tmux: Tmux;
  attacher: TerminalAttacher;
  dataDir: string;
  settings: TerminalSettings;
  now: () => number;
  log: FastifyBaseLogger;
  /** Told when a person types into a session's terminal from the page (message delivery waits). */
  onHumanInput?: (sessionId: string) => void;
};

export type TerminalBridge = {
  /** The person's routes: tickets, the screen, recordings (registered in the person scope). */
  registerRoutes(app: FastifyInstance): void;
  /** The terminal socket, registered in the ticket scope behind `ticketCheck`. */
  registerSocket(app: FastifyInstance): void;
  ticketCheck: ScopeCheck;
  /** Resumes the recordings that were on when the last hub stopped (after re-adoption). */
  resume(): Promise<void>;
  /** Closes every viewer and stops every recorder; the sessions keep running. */
  close(): Promise<void>;
};

/** The terminal bridge (DESIGN section 6): tickets, the socket, the screen route, recordings. */
export function createTerminalBridge(deps: TerminalDeps): TerminalBridge {
  const { settings } = deps;
  const tickets = new TicketStore(settings.ticketTtlMs, deps.now);
  const viewers = new Set<TerminalViewer>();
  const recordings = new RecordingService({
    dataDir: deps.dataDir,
    sessions: deps.sessions,
    attacher: deps.attacher,
    limits: { fileBytes: settings.recordingFileBytes, capBytes: settings.recordingCapBytes },
    now: deps.now,
    log: deps.log,
  });
  const unsubscribe = deps.sessions.onChange((change) => {
    if (change.type !== 'removed') return;
    for (const viewer of [...viewers]) {
      if (viewer.sessionId === change.id) viewer.close(TERMINAL_CLOSE.sessionGone, 'the session was removed');
    }
    void recordings
      .forget(change.id)
      .catch((error: unknown) =>
        deps.log.warn({ err: error, sessionId: change.id }, 'stopping a recording failed'),
      );
  });

  return {
    registerRoutes: (app) =>
      registerTerminalRoutes(app, { sessions: deps.sessions, tmux: deps.tmux, tickets, recordings }),
    registerSocket: (app) =>
      registerTerminalSocket(app, {
        sessions: deps.sessions,
        ticketTtlMs: settings.ticketTtlMs,
        attacher: deps.attacher,
        viewers,
        onHumanInput: deps.onHumanInput,
      }),
    ticketCheck: terminalTicketCheck(tickets),
    resume: () => recordings.resume(),
    async close() {
      unsubscribe();
      for (const viewer of [...viewers]) viewer.close(TERMINAL_CLOSE.goingAway, 'the hub is shutting down');
      await recordings.close();
    },
  };
}
