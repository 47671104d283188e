// Authorization by construction (issue 12): every route the hub registers is in exactly one scope,
// and each scope refuses every credential but its own. A new route fails this test until it is
// put in a scope; a new public route fails it until it is added to PUBLIC below, deliberately.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { installScopes, scope, type RouteEntry } from '../../server/auth/scopes.js';
import { installErrorHandling } from '../../server/http/error-handler.js';
import { startTestHub, type TestHub } from '../support/hub-harness.js';

/** The only routes anyone may call: nothing in them is data, and logging in checks itself. */
const PUBLIC = [
  'GET /health',
  'GET /',
  'GET /index.html',
  'GET /app/:file',
  'GET /:file',
  'GET /assets/voice/:file',
  'POST /api/login',
];

let t: TestHub;
let mine: Session;
let other: Session;
let pageLogin: string;
const tokenOf = (s: Session) => t.hub.sessions.record(s.id).proxyToken;

beforeAll(async () => {
  t = await startTestHub();
  const spawn = async (name: string) =>
    (
      (await (await t.api('POST', '/api/sessions', { name, command: 'sleep 600' })).json()) as {
        session: Session;
      }
    ).session;
  mine = await spawn('mine');
  other = await spawn('other');
  const login = await t.api('POST', '/api/login', { token: t.hub.token }, null);
  pageLogin = ((await login.json()) as { credential: string }).credential;
});
afterAll(async () => {
  await t?.dispose();
});

const key = (r: RouteEntry) => `${r.method} ${r.url}`;

/** The route's path with its parameters filled: a real session for session routes. */
function pathOf(route: RouteEntry): string {
  const sessionId = route.scope === 'session' || route.scope === 'ticket' ? mine.id : 'nope';
  return route.url
    .replace(':id', sessionId)
    .replace(':requestId', 'perm_000000000000')
    .replace(':name', 'x.cast')
    .replace(':file', 'x.js');
}

async function statusWith(route: RouteEntry, authorization: string | undefined): Promise<number> {
  const response = await t.hub.app.inject({
    method: route.method as 'GET',
    url: pathOf(route),
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
    },
    ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
  });
  return response.statusCode;
}

describe('the route table', () => {
  it('puts every route in a scope, and only the listed ones in the public scope', () => {
    expect(t.hub.routes.length).toBeGreaterThan(30);
    expect(t.hub.routes.filter((r) => r.scope === undefined).map(key)).toEqual([]);
    expect(
      t.hub.routes
        .filter((r) => r.scope === 'public')
        .map(key)
        .sort(),
    ).toEqual([...PUBLIC].sort());
    expect(new Set(t.hub.routes.map(key)).size, 'one scope per route').toBe(t.hub.routes.length);
  });

  it('refuses every person route without the hub token or a page login', async () => {
    const routes = t.hub.routes.filter((r) => r.scope === 'person');
    for (const route of routes) {
      for (const bad of [undefined, 'Bearer wrong', `Bearer ${tokenOf(mine)}`]) {
        expect(await statusWith(route, bad), `${key(route)} with ${bad ?? 'nothing'}`).toBe(401);
      }
      if (route.websocket) continue; // a plain GET is no upgrade; the socket tests open them
      for (const good of [`Bearer ${t.hub.token}`, `Bearer ${pageLogin}`]) {
        expect(await statusWith(route, good), `${key(route)} with the person's credential`).not.toBe(401);
      }
    }
  });

  it("refuses every session route without that session's own token", async () => {
    const routes = t.hub.routes.filter((r) => r.scope === 'session');
    expect(routes.map(key)).toContain('GET /proxy/:id');
    for (const route of routes) {
      for (const bad of [
        undefined,
        `Bearer ${t.hub.token}`,
        `Bearer ${pageLogin}`,
        `Bearer ${tokenOf(other)}`,
      ]) {
        expect(await statusWith(route, bad), `${key(route)} with ${bad ?? 'nothing'}`).toBe(401);
      }
      if (route.websocket) continue;
      expect(await statusWith(route, `Bearer ${tokenOf(mine)}`), key(route)).not.toBe(401);
    }
  });

  it('refuses the terminal socket without a ticket, whatever token comes instead', async () => {
    const routes = t.hub.routes.filter((r) => r.scope === 'ticket');
    expect(routes.map(key)).toEqual(['GET /ws/terminal/:id']);
    for (const route of routes) {
      for (const bad of [undefined, `Bearer ${t.hub.token}`, `Bearer ${tokenOf(mine)}`]) {
        expect(await statusWith(route, bad), `${key(route)} with ${bad ?? 'nothing'}`).toBe(401);
      }
    }
  });

  it('lets the public routes be called without any credential', async () => {
    for (const route of t.hub.routes.filter((r) => r.scope === 'public')) {
      expect(await statusWith(route, undefined), key(route)).not.toBe(401);
    }
  });
});

describe('a route outside every scope', () => {
  it('is refused, not served: routes are closed unless a scope claims them', async () => {
    const app = Fastify();
    installErrorHandling(app);
    installScopes(app);
    app.get('/forgotten', async () => ({ secret: 'data' }));
    await app.register(
      scope('public', null, (scoped) => {
        scoped.get('/open', async () => ({ ok: true }));
      }),
    );
    const forgotten = await app.inject({ method: 'GET', url: '/forgotten' });
    expect(forgotten.statusCode).toBe(403);
    expect(forgotten.body).not.toContain('data');
    expect(forgotten.json()).toMatchObject({
      error: { message: expect.stringContaining('no authorization scope') },
    });
    expect((await app.inject({ method: 'GET', url: '/open' })).statusCode).toBe(200);
    await app.close();
  });
});
