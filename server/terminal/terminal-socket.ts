import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { TERMINAL_CLOSE, terminalSizeSchema } from '../../protocol/terminal.js';
import { checkOrigin, isUpgrade, type ScopeCheck } from '../auth/scopes.js';
import { AppError } from '../errors.js';
import type { SessionService } from '../sessions/session-service.js';
import { refusalMessage, type RedeemResult, type TicketStore } from './ticket-store.js';
import type { TerminalAttacher, TerminalSize } from './tmux-client.js';
import { TerminalViewer } from './terminal-viewer.js';

export type TerminalSocketDeps = {
  sessions: SessionService;
  ticketTtlMs: number;
  attacher: TerminalAttacher;
  /** Every open viewer, so the hub can close them when a session goes or the hub stops. */
  viewers: Set<TerminalViewer>;
  /** Told when a person types into a session through a write viewer. */
  onHumanInput?: ((sessionId: string) => void) | undefined;
};

const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the ticket scope's check (terminalTicketCheck): the ticket, spent, and what it grants. */
    terminalTicket: RedeemResult | null;
  }
}

/**
 * The ticket scope's check (server/auth/scopes.ts): a terminal socket is opened with a ticket
 * the person asked for (POST /api/sessions/:id/terminal-ticket), never with the hub token. The
 * Origin is checked first (a foreign page gets a 403, like /ws); a request with no ticket at all
 * is refused before the upgrade; a ticket is spent here, and a refused one is told after the
 * upgrade, as a close code and reason the page can show (protocol/terminal.ts TERMINAL_CLOSE).
 */
export function terminalTicketCheck(tickets: TicketStore): ScopeCheck {
  return (request: FastifyRequest) => {
    checkOrigin(request);
    const { ticket } = request.query as { ticket?: unknown };
    if (!isUpgrade(request) || typeof ticket !== 'string' || ticket === '') {
      throw new AppError(
        'unauthorized',
        'A terminal is a WebSocket opened with a ticket: POST /api/sessions/<id>/terminal-ticket for one.',
      );
    }
    request.terminalTicket = tickets.redeem(ticket, (request.params as { id: string }).id);
  };
}

/** `/ws/terminal/<sessionId>?ticket=…[&cols=…&rows=…]`: a live view of a session's terminal. */
export function registerTerminalSocket(app: FastifyInstance, deps: TerminalSocketDeps): void {
  app.decorateRequest('terminalTicket', null);
  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    '/ws/terminal/:id',
    { websocket: true },
    (socket, request) => {
      const id = request.params.id;
      const redeemed = request.terminalTicket;
      if (redeemed === null) throw new Error('the terminal socket outside the ticket scope');
      if (!redeemed.ok) {
        socket.close(TERMINAL_CLOSE.ticketRefused, refusalMessage(redeemed.reason, deps.ticketTtlMs));
        return;
      }
      const size = terminalSizeSchema.safeParse({
        cols: Number(request.query.cols),
        rows: Number(request.query.rows),
      });
      const log = request.log.child({ sessionId: id });
      const grant = { id, write: redeemed.grant.write, size: size.success ? size.data : DEFAULT_SIZE };
      void openViewer(deps, socket, grant, log).catch((error: unknown) => {
        log.error({ err: error }, 'terminal attach failed');
        socket.close(TERMINAL_CLOSE.ended, 'the hub could not attach to the terminal; see its log');
      });
    },
  );
}

async function openViewer(
  deps: TerminalSocketDeps,
  socket: WebSocket,
  { id, write, size }: { id: string; write: boolean; size: TerminalSize },
  log: FastifyBaseLogger,
): Promise<void> {
  if (!deps.sessions.has(id)) {
    socket.close(TERMINAL_CLOSE.sessionGone, `no session with id "${id}"`);
    return;
  }
  const record = deps.sessions.record(id);
  const screen = await deps.attacher.screenSize(record.tmuxSession);
  if (screen === null) {
    socket.close(TERMINAL_CLOSE.sessionGone, `the terminal of session "${record.name}" is gone`);
    return;
  }
  // The page may have given up while tmux answered.
  if (socket.readyState !== socket.OPEN) return;
  const client = deps.attacher.attach(record.tmuxSession, { readOnly: !write, size });
  const viewer = new TerminalViewer(socket, client, {
    sessionId: id,
    write,
    screen,
    log,
    onInput: () => deps.onHumanInput?.(id),
  });
  deps.viewers.add(viewer);
  viewer.onClose(() => deps.viewers.delete(viewer));
}
