import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { PageLogins } from './logins.js';
import { checkOrigin, isUpgrade, type ScopeCheck } from './scopes.js';
import { bearerToken, queryToken, tokensEqual } from './token.js';

const HOW_TO_AUTHENTICATE =
  'send "Authorization: Bearer <hub token>" (the file "token" in the data dir), or log in the page with `switchboard open`';

/**
 * The person scope's check: the hub token (scripts, the CLI: actor `api`) or one of the page's
 * logins (actor `page`). The credential comes in the Authorization header; `?token=` only on a
 * WebSocket upgrade, where a browser cannot set headers.
 */
export function personCheck(deps: { hubToken: string; logins: PageLogins }): ScopeCheck {
  return (request) => {
    checkOrigin(request);
    const given = credentialOf(request);
    if (tokensEqual(given, deps.hubToken)) {
      request.actor = 'api';
      return;
    }
    if (deps.logins.verify(given) !== undefined) {
      request.actor = 'page';
      return;
    }
    throw new AppError('unauthorized', 'Wrong token: it is neither the hub token nor a login of this hub.');
  };
}

/**
 * The session scope's check: the token of the session named by the route's `:id`, and only that
 * one (the hub token is not a session token). `tokenOf` answers undefined for unknown sessions.
 */
export function sessionCheck(tokenOf: (sessionId: string) => string | undefined): ScopeCheck {
  return (request) => {
    const { id } = request.params as { id?: string };
    const expected = id === undefined ? undefined : tokenOf(id);
    if (id === undefined || expected === undefined)
      throw new AppError('not_found', `No session with id "${id ?? ''}".`);
    const given = bearerToken(request.headers);
    if (given === undefined)
      throw new AppError('unauthorized', "Missing token: send this session's token as a Bearer header.");
    if (!tokensEqual(given, expected))
      throw new AppError('unauthorized', "Wrong token: it does not match this session's token.");
    request.session = { id };
  };
}

function credentialOf(request: FastifyRequest): string {
  const header = bearerToken(request.headers);
  if (header !== undefined) return header;
  const query = queryToken(request.url);
  if (query !== undefined && isUpgrade(request)) return query;
  if (query !== undefined) {
    throw new AppError(
      'unauthorized',
      '?token= is accepted only on WebSocket upgrades: send "Authorization: Bearer <token>" instead.',
    );
  }
  throw new AppError('unauthorized', `Missing token: ${HOW_TO_AUTHENTICATE}.`);
}
