// Finding 2 of issue 12: any local user got the hub token from `GET /` (the page inlined it for
// every loopback connection), then spawned shell sessions as the hub's user. Now the page holds
// no secret; a browser logs in with a single-use login link or the token, and keeps a login of
// its own. Also finding 9's `?token=` on every REST route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../support/hub-harness.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
});

const codeOf = (loginUrl: string) => new URL(loginUrl).searchParams.get('login') ?? '';

async function logIn(body: unknown): Promise<Response> {
  return fetch(`${t.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the page', () => {
  it('never carries the hub token, whoever asks and however', async () => {
    for (const host of [undefined, 'localhost', '127.0.0.1', '[::1]']) {
      for (const path of ['/', '/index.html', '/?terminal=abc']) {
        const response = await fetch(`${t.url}${path}`, host === undefined ? {} : { headers: { host } });
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html, `${path} (Host ${host ?? 'default'})`).not.toContain(t.hub.token);
        expect(html).not.toContain('switchboard-token');
      }
    }
    // What the attacker did next, with what GET / gives: nothing works.
    const spawned = await fetch(`${t.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'id > pwned.txt' }),
    });
    expect(spawned.status).toBe(401);
  });
});

describe('logging in', () => {
  it('makes a login from a login link, once', async () => {
    const code = codeOf(t.loginUrl());
    const first = await logIn({ code });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const { credential, login } = (await first.json()) as { credential: string; login: { id: string } };
    expect(credential).not.toBe(t.hub.token);
    expect(login.id).toMatch(/^login_/);

    const again = await logIn({ code });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /used already.*switchboard open/,
    );
    const made = await logIn({ code: 'A'.repeat(43) });
    expect(made.status).toBe(401);

    // The login opens the person's routes and the page socket, and is listed without its secret.
    const sessions = await t.api('GET', '/api/sessions', undefined, credential);
    expect(sessions.status).toBe(200);
    const socket = new WebSocket(
      `${t.url.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(credential)}`,
    );
    const first$ = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    expect(JSON.parse(first$)).toMatchObject({ type: 'hello' });
    socket.close();
    const listed = await (await t.api('GET', '/api/logins')).text();
    expect(listed).toContain(login.id);
    expect(listed).not.toContain(credential);

    // Revoked: that browser is out, at once.
    expect((await t.api('DELETE', `/api/logins/${login.id}`)).status).toBe(204);
    expect((await t.api('GET', '/api/sessions', undefined, credential)).status).toBe(401);
  });

  it('makes a login from the hub token pasted once, and refuses a wrong one', async () => {
    expect((await logIn({ token: 'not-the-token' })).status).toBe(401);
    const made = await logIn({ token: t.hub.token });
    expect(made.status).toBe(201);
    const { credential } = (await made.json()) as { credential: string };
    expect((await t.api('GET', '/api/sessions', undefined, credential)).status).toBe(200);
  });

  it('gives the CLI a new login link only with the hub token', async () => {
    expect((await t.api('POST', '/api/login-codes', undefined, null)).status).toBe(401);
    const made = await t.api('POST', '/api/login-codes');
    expect(made.status).toBe(201);
    const { path } = (await made.json()) as { path: string };
    expect(path).toMatch(/^\/\?login=/);
    expect((await logIn({ code: codeOf(`${t.url}${path}`) })).status).toBe(201);
  });
});

describe('?token=', () => {
  it('is refused on plain requests, with what to do instead', async () => {
    const response = await fetch(`${t.url}/api/sessions?token=${encodeURIComponent(t.hub.token)}`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /only on WebSocket upgrades.*Authorization: Bearer/,
    );
  });

  it('still opens the page socket, where a browser cannot set headers', async () => {
    const socket = new WebSocket(
      `${t.url.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(t.hub.token)}`,
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.close();
  });
});
