import { describe, expect, it } from 'vitest';
import { HubApi, HubApiError, describeError } from '../../../web/app/api/hub-api.js';
import { entry, permission, session } from './fixtures.js';

type Call = { url: string; init: RequestInit };

function fakeHub(status: number, body: unknown) {
  const calls: Call[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  return { calls, api: new HubApi('secret', fetchFn) };
}

describe('the hub REST client', () => {
  it('sends the bearer token and JSON, and validates the answer', async () => {
    const { calls, api } = fakeHub(201, { session: session({ id: 'a1', name: 'api' }) });
    const created = await api.createSession({ name: 'api', prompt: 'hi' });
    expect(created.name).toBe('api');
    expect(calls[0]?.url).toBe('/api/sessions');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.headers).toMatchObject({
      authorization: 'Bearer secret',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ name: 'api', prompt: 'hi' });
  });

  it('sends no content type without a body (Fastify refuses an empty JSON body)', async () => {
    const { calls, api } = fakeHub(204, undefined);
    await api.forgetSession('a/1');
    expect(calls[0]?.url).toBe('/api/sessions/a%2F1?forget=1');
    expect(calls[0]?.init.method).toBe('DELETE');
    expect(calls[0]?.init.headers).not.toHaveProperty('content-type');
  });

  it('stops a session and gets it back archived; searches history with the words as a parameter', async () => {
    const stopped = fakeHub(200, { session: session({ id: 'a1', state: 'exited', archived: true }) });
    expect((await stopped.api.stopSession('a1')).archived).toBe(true);
    const found = fakeHub(200, { results: [] });
    await found.api.searchHistory('deploy & co', 'exited');
    expect(found.calls[0]?.url).toBe('/api/history/search?q=deploy+%26+co&state=exited');
  });

  it('asks for a transcript after a cursor', async () => {
    const { calls, api } = fakeHub(200, { entries: [entry(8)] });
    expect((await api.transcript('api', { since: 7, limit: 1000 })).map((e) => e.id)).toEqual([8]);
    expect(calls[0]?.url).toBe('/api/sessions/api/transcript?since=7&limit=1000');
  });

  it("turns the hub's error body into an error with its sentence", async () => {
    const { api } = fakeHub(409, {
      error: { code: 'conflict', message: 'Session "api" is not waiting for a reply.' },
    });
    const error = await api.reply('api', 'yes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect(describeError(error)).toBe('Session "api" is not waiting for a reply.');
  });

  it('recognizes a refused token', async () => {
    const { api } = fakeHub(401, { error: { code: 'unauthorized', message: 'Wrong token.' } });
    const error = (await api.sessions().catch((e: unknown) => e)) as HubApiError;
    expect(error.unauthorized).toBe(true);
  });

  it('says so when the hub is unreachable or answers something else', async () => {
    const down = new HubApi('t', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(down.sessions()).rejects.toMatchObject({ status: 0, code: 'unreachable' });
    const proxy = fakeHub(502, 'Bad Gateway');
    await expect(proxy.api.sessions()).rejects.toMatchObject({ status: 502, code: 'http_error' });
    const odd = fakeHub(200, { sessions: [{ id: 1 }] });
    await expect(odd.api.sessions()).rejects.toMatchObject({ code: 'bad_answer' });
  });

  it('decides permissions with the page login, the credential the audit log is named by', async () => {
    const request = permission({ id: 'perm_0123456789ab', state: 'allowed', decidedBy: 'page' });
    const { calls, api } = fakeHub(200, { request });
    expect(await api.decidePermission(request.id, { behavior: 'allow', scope: 'once' })).toEqual(request);
    expect(calls[0]?.url).toBe('/api/permissions/perm_0123456789ab');
    expect(calls[0]?.init.method).toBe('POST');
    // The login's credential and nothing a client could claim about itself.
    expect(calls[0]?.init.headers).toEqual({
      authorization: 'Bearer secret',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ behavior: 'allow', scope: 'once' });

    const bulk = fakeHub(200, { requests: [request] });
    await bulk.api.decideAllPermissions({ toolName: 'Write', behavior: 'allow' });
    expect(bulk.calls[0]?.url).toBe('/api/permissions/bulk');
    expect(bulk.calls[0]?.init.headers).toMatchObject({ authorization: 'Bearer secret' });
    expect(JSON.parse(String(bulk.calls[0]?.init.body))).toEqual({ toolName: 'Write', behavior: 'allow' });
  });

  it('reports a decision made elsewhere first as a 409', async () => {
    const { api } = fakeHub(409, {
      error: {
        code: 'conflict',
        message: 'Permission request perm_0123456789ab is already allowed by voice.',
      },
    });
    await expect(api.decidePermission('perm_0123456789ab', { behavior: 'deny' })).rejects.toMatchObject({
      status: 409,
    });
  });

  it('asks for a terminal ticket, and a refusal carries its status (the pane stops on 404 and 401)', async () => {
    const ticket = {
      ticket: 'tk',
      expiresAt: '2026-01-01T00:00:00.000Z',
      url: '/ws/terminal/a1?ticket=tk',
      write: true,
    };
    const { calls, api } = fakeHub(201, ticket);
    expect(await api.terminalTicket('a1', true)).toEqual(ticket);
    expect(calls[0]?.url).toBe('/api/sessions/a1/terminal-ticket');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ write: true });

    const gone = fakeHub(404, { error: { code: 'not_found', message: 'No session a1.' } });
    await expect(gone.api.terminalTicket('a1', false)).rejects.toMatchObject({ status: 404 });
  });

  it('turns recording on and off, lists recordings, and fetches a file with the token', async () => {
    const recordings = { enabled: true, recordings: [{ name: 'r.cast', size: 10, startedAt: 'x' }] };
    const { calls, api } = fakeHub(200, recordings);
    expect(await api.setRecording('a1', true)).toEqual(recordings);
    expect(calls[0]).toMatchObject({ url: '/api/sessions/a1/recording', init: { method: 'PUT' } });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ enabled: true });
    expect(await api.recordings('a1')).toEqual(recordings);
    expect(calls[1]).toMatchObject({ url: '/api/sessions/a1/recordings', init: { method: 'GET' } });

    const cast = '{"version": 2, "width": 200, "height": 50}\n';
    const files: Call[] = [];
    const fileApi = new HubApi('secret', async (url, init) => {
      files.push({ url, init });
      return new Response(cast, { status: 200, headers: { 'content-type': 'application/x-asciicast' } });
    });
    expect(await (await fileApi.recordingFile('a1', '2026-01-01T00-00-00Z.cast')).text()).toBe(cast);
    expect(files[0]?.url).toBe('/api/sessions/a1/recordings/2026-01-01T00-00-00Z.cast');
    expect(files[0]?.init.headers).toMatchObject({ authorization: 'Bearer secret' });

    const missing = fakeHub(404, { error: { code: 'not_found', message: 'No recording "x".' } });
    await expect(missing.api.recordingFile('a1', 'x')).rejects.toThrow('No recording "x".');
  });
});
