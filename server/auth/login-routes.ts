import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { parseInput } from '../http/validation.js';
import type { PageLogins } from './logins.js';
import type { OneTimeSecrets, SecretRefusal } from './one-time-secrets.js';
import { tokensEqual } from './token.js';

/** A login link works once, for this long: `npm start` prints one, `switchboard open` makes more. */
export const LOGIN_CODE_TTL_MS = 10 * 60_000;

/** A login code grants nothing but the right to make one login. */
export type LoginCodes = OneTimeSecrets<true>;

const loginRequestSchema = z.union([
  z.strictObject({ code: z.string().min(1).max(200) }),
  z.strictObject({ token: z.string().min(1).max(1000) }),
]);
const loginParams = z.object({ id: z.string().regex(/^login_[a-f0-9]{12}$/, 'is not a login id') });

/** The path of a fresh login link (`/?login=<code>`): the page exchanges the code for its login. */
export function loginPath(codes: LoginCodes): { path: string; expiresAt: number } {
  const { secret, expiresAt } = codes.issue(true);
  return { path: `/?login=${encodeURIComponent(secret)}`, expiresAt };
}

/** `POST /api/login`: anyone may try; only a live login code or the hub token makes a login. */
export function registerLoginRoute(
  app: FastifyInstance,
  deps: { hubToken: string; logins: PageLogins; codes: LoginCodes },
): void {
  app.post('/api/login', async (request, reply) => {
    const body = parseInput(loginRequestSchema, request.body);
    if ('code' in body) {
      const redeemed = deps.codes.redeem(body.code);
      if (!redeemed.ok) throw new AppError('unauthorized', codeRefusal(redeemed.reason));
    } else if (!tokensEqual(body.token, deps.hubToken)) {
      throw new AppError('unauthorized', 'Wrong token: it does not match the hub token.');
    }
    const made = deps.logins.create(String(request.headers['user-agent'] ?? ''));
    // The credential is a secret: no cache may keep the answer.
    return reply.status(201).header('cache-control', 'no-store').send(made);
  });
}

/** The person's: new login links (`switchboard open`), the list of logins, revoking one. */
export function registerLoginAdminRoutes(
  app: FastifyInstance,
  deps: { logins: PageLogins; codes: LoginCodes },
): void {
  app.post('/api/login-codes', async (_request, reply) => {
    const { path, expiresAt } = loginPath(deps.codes);
    return reply
      .status(201)
      .header('cache-control', 'no-store')
      .send({ path, expiresAt: new Date(expiresAt).toISOString() });
  });

  app.get('/api/logins', async () => ({ logins: deps.logins.list() }));

  app.delete('/api/logins/:id', async (request, reply) => {
    const { id } = parseInput(loginParams, request.params, 'path');
    if (!deps.logins.revoke(id)) throw new AppError('not_found', `No login ${id}.`);
    return reply.status(204).send();
  });
}

function codeRefusal(reason: SecretRefusal): string {
  const renew = 'Run `switchboard open` on the hub’s machine for a new link.';
  switch (reason) {
    case 'used':
      return `This login link was used already: each link logs in one browser once. ${renew}`;
    case 'expired':
      return `This login link has expired (links are valid for ${LOGIN_CODE_TTL_MS / 60_000} minutes). ${renew}`;
    case 'unknown':
      return `This login link is not one this hub made (or the hub restarted since). ${renew}`;
  }
}
