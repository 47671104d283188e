import type { FastifyInstance } from 'fastify';
import { BROWSER_PROTOCOL_VERSION, type HubToBrowser } from '../../protocol/browser.js';
import { checkOrigin } from '../auth/auth-plugin.js';
import type { SessionService } from '../sessions/session-service.js';

/** `/ws`: the page's live roster. Sends the full list on connect, then every change. */
export function registerBrowserSocket(app: FastifyInstance, sessions: SessionService): void {
  app.get('/ws', { websocket: true, preValidation: async (request) => checkOrigin(request) }, (socket) => {
    const send = (message: HubToBrowser) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    send({ type: 'hello', protocolVersion: BROWSER_PROTOCOL_VERSION });
    send({ type: 'session_list', sessions: sessions.list() });
    const unsubscribe = sessions.onChange((change) => {
      if (change.type === 'updated') send({ type: 'session_status', session: change.session });
      else send({ type: 'session_removed', id: change.id });
    });
    socket.on('close', unsubscribe);
  });
}
