import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { isPublicWebPath } from '../routes/web-routes.js';
import { VOICE_ASSETS_PREFIX } from '../voice/voice-assets.js';
import { tokenFromRequest, tokensEqual } from './token.js';

/**
 * Routes anyone may call: the health check, the page shell, its bundle and icons, and its static
 * voice assets (no data in any of them; the page gets the token separately).
 */
const PUBLIC_PATHS = new Set(['/health', '/', '/index.html']);

/**
 * Paths with their own credentials: a session's proxy and hooks authenticate with that
 * session's token, checked by their routes, so a session never holds the hub's token.
 */
const SESSION_SCOPED = /^\/(proxy|hooks)\//;

/**
 * Terminal sockets authenticate with a single-use ticket (server/terminal/ticket-store.ts),
 * checked by their route: the hub token never has to travel in a terminal URL.
 */
const TICKET_SCOPED = /^\/ws\/terminal\//;

/** Requires the hub token (Bearer header, or ?token= for browser WebSockets) on every other path. */
export function installAuth(app: FastifyInstance, hubToken: string): void {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '/';
    if (
      PUBLIC_PATHS.has(path) ||
      path.startsWith(VOICE_ASSETS_PREFIX) ||
      isPublicWebPath(path) ||
      SESSION_SCOPED.test(path) ||
      TICKET_SCOPED.test(path)
    )
      return;
    requireToken(request, hubToken, 'the hub token');
  });
}

/** Throws 401 with a reason unless the request carries `expected`. */
export function requireToken(request: FastifyRequest, expected: string, what: string): void {
  const given = tokenFromRequest(request.headers, request.url);
  if (given === undefined) {
    throw new AppError(
      'unauthorized',
      `Missing token: send "Authorization: Bearer <token>" with ${what} (see the token file in the data dir).`,
    );
  }
  if (!tokensEqual(given, expected))
    throw new AppError('unauthorized', `Wrong token: it does not match ${what}.`);
}

/**
 * Browsers send Origin on WebSocket upgrades; a page from another site must not reach the hub
 * through the user's browser. Non-browser clients send none.
 */
export function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError('forbidden', `Bad Origin header "${origin}".`);
  }
  if (originHost !== request.headers.host) {
    throw new AppError('forbidden', `Origin ${origin} may not open a WebSocket to this hub.`);
  }
}
