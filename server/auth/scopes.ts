import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Authorization by construction (docs/security.md). Every route lives in exactly one scope, an
 * encapsulated Fastify plugin with its own `onRequest` check:
 *
 * - `public`: no credential (health, the page's static files, logging in);
 * - `person`: the hub token, or a page login that the person made with it (server/auth/logins.ts);
 * - `session`: one session's own token, for that session's hooks and proxy socket only;
 * - `ticket`: a single-use ticket a person asked for (the terminal socket).
 *
 * A route registered anywhere else is refused by the root guard below: a new route is closed
 * unless it is deliberately put in a scope. This module knows no feature: each credential check
 * gets what it looks up (a session's token, a ticket) as a function.
 */
export type ScopeKind = 'public' | 'person' | 'session' | 'ticket';

/** Who acts, for the audit log: named by the credential used, never by what a client says. */
export type Actor = 'api' | 'page' | 'mcp' | 'voice';

export type ScopeCheck = (request: FastifyRequest) => void | Promise<void>;

export type RouteEntry = { method: string; url: string; websocket: boolean; scope: ScopeKind | undefined };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by the scope the route was registered in; the root guard refuses a route without one. */
    scope?: ScopeKind;
  }
  interface FastifyRequest {
    /** Set by the person scope: which credential of the person's the request carries. */
    actor: Actor | null;
    /** Set by the session scope: the session whose token the request carries. */
    session: { id: string } | null;
  }
}

/**
 * Decorates requests, refuses any route that no scope claimed, and returns the table of every
 * route with its scope (read after `ready()`: scopes tag their routes as they are registered).
 */
export function installScopes(app: FastifyInstance): RouteEntry[] {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  const options: {
    method: string | string[];
    url: string;
    websocket?: boolean;
    config?: { scope?: ScopeKind };
  }[] = [];
  // Root onRoute hooks run for every route, before the route's own scope tags it; the options
  // object is the same one, so reading the tag later sees it.
  app.addHook('onRoute', (route) => {
    route.config ??= {};
    options.push(route);
  });
  app.addHook('onRequest', async (request) => {
    // No route matched: the not-found handler answers, and it reveals nothing.
    if (request.is404) return;
    if (request.routeOptions.config.scope === undefined) {
      throw new AppError(
        'forbidden',
        `${request.method} ${request.routeOptions.url ?? ''} belongs to no authorization scope.`,
      );
    }
  });
  const table: RouteEntry[] = [];
  app.addHook('onReady', async () => {
    for (const route of options) {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue; // Fastify's automatic twin of every GET
        table.push({
          method,
          url: route.url,
          websocket: route.websocket === true,
          scope: route.config?.scope,
        });
      }
    }
  });
  return table;
}

/**
 * A scope: its routes, registered by `routes`, each tagged with `kind` and behind `check`.
 * `check` throws an AppError (401/403/404) to refuse.
 */
export function scope(
  kind: ScopeKind,
  check: ScopeCheck | null,
  routes: (app: FastifyInstance) => void | Promise<void>,
): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, scope: kind };
    });
    if (check !== null) app.addHook('onRequest', async (request) => check(request));
    await routes(app);
  };
}

/** The session the session scope authenticated (its routes are registered only in that scope). */
export function callerOf(request: FastifyRequest): string {
  if (request.session === null) throw new Error(`${request.url}: a session route outside the session scope`);
  return request.session.id;
}

/** Who the person scope found acting (its routes are registered only in that scope). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error(`${request.url}: a person route outside the person scope`);
  return request.actor;
}

/** True when the request asks to become a WebSocket (the only place `?token=` is accepted). */
export function isUpgrade(request: FastifyRequest): boolean {
  return String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/**
 * Browsers send Origin on WebSocket upgrades and on most fetches; a page from another site must
 * not reach the hub through the person's browser. Non-browser clients send none.
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
    throw new AppError('forbidden', `Origin ${origin} may not use this hub.`);
  }
}
