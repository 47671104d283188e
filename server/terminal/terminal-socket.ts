import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { TERMINAL_CLOSE, terminalSizeSchema } from '../../protocol/terminal.js';
import { checkOrigin } from '../auth/auth-plugin.js';
import type { SessionService } from '../sessions/session-service.js';
import { refusalMessage, type TicketStore } from './ticket-store.js';
import type { TerminalAttacher, TerminalSize } from './tmux-client.js';
import { TerminalViewer } from './terminal-viewer.js';

export type TerminalSocketDeps = {
  sessions: SessionService;
  tickets: TicketStore;
  ticketTtlMs: number;
  attacher: TerminalAttacher;
  /** Every open viewer, so the hub can close them when a session goes or the hub stops. */
  viewers: Set<TerminalViewer>;
  /** Told when a person types into a session through a write viewer. */
  onHumanInput?: ((sessionId: string) => void) | undefined;
};

const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };

/**
 * `/ws/terminal/<sessionId>?ticket=…[&cols=…&rows=…]`: a live view of a session's terminal.
 * The Origin is checked before the upgrade (a foreign page gets a 403, like /ws); the ticket,
 * which replaces the hub token here (auth-plugin.ts), after it, so the page hears why it was
 * refused as a close code and reason (protocol/terminal.ts TERMINAL_CLOSE).
 */
export function registerTerminalSocket(app: FastifyInstance, deps: TerminalSocketDeps): void {
  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    '/ws/terminal/:id',
    { websocket: true, preValidation: async (request) => checkOrigin(request) },
    (socket, request) => {
      const id = request.params.id;
      const redeemed = deps.tickets.redeem(request.query.ticket ?? '', id);
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
