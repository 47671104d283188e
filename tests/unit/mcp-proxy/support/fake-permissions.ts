import type { IncomingMessage, ServerResponse } from 'node:http';
import { permissionAskSchema } from '../../../../protocol/permissions.js';
import type { PermissionRequest } from '../../../../protocol/permissions.js';

export interface PermissionHttpCall {
  method: string;
  /** Path and query, as the proxy sent them. */
  url: string;
  authorization: string | undefined;
  body: unknown;
}

export type PermissionChange = Partial<
  Pick<PermissionRequest, 'state' | 'message' | 'updatedInput' | 'scope' | 'decidedBy'>
>;

/**
 * The hub's permission endpoints as protocol/permissions.ts describes them: `POST
 * /hooks/<id>/permission` (idempotent by requestKey) and the `GET …/<requestId>?waitS=` long-poll
 * (404 for a request it does not know). Requests live here, not in the server, so a test can hand
 * them to a restarted FakeHub as the real hub keeps them in its database.
 */
export class FakePermissions {
  readonly calls: PermissionHttpCall[] = [];
  /** Every request the hub knows, by the proxy's requestKey. */
  readonly byKey = new Map<string, PermissionRequest>();
  /** Statuses to answer the next permission calls with (one each) instead of handling them. */
  readonly failWith: number[] = [];
  /** How long a new request stays pending before the hub would expire it (its `expiresAt`). */
  timeoutMs = 120_000;
  readonly #sessionId: string;
  readonly #token: string;
  readonly #waiters = new Set<() => void>();
  #nextId = 1;

  constructor(sessionId: string, token: string) {
    this.#sessionId = sessionId;
    this.#token = token;
  }

  /** Answers `/hooks/<sessionId>/permission…`; false for any other path. */
  handle(request: IncomingMessage, response: ServerResponse, text: string): boolean {
    const url = new URL(request.url ?? '/', 'http://fake');
    const match = /^\/hooks\/([^/]+)\/permission(?:\/([^/]+))?$/.exec(url.pathname);
    if (match === null) return false;
    this.calls.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    });
    this.#wake();
    const failure = this.failWith.shift();
    if (failure !== undefined) return reply(response, failure, { error: 'told to fail' });
    if (request.headers.authorization !== `Bearer ${this.#token}`) return reply(response, 401, {});
    if (decodeURIComponent(match[1] ?? '') !== this.#sessionId) return reply(response, 404, {});
    const requestId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (request.method === 'POST' && requestId === undefined) return this.#ask(response, text);
    if (request.method === 'GET' && requestId !== undefined) {
      void this.#poll(response, requestId, Number(url.searchParams.get('waitS')));
      return true;
    }
    return reply(response, 405, {});
  }

  /** The `n`-th request (1-based) the hub was asked for, once it exists. */
  waitForRequest(n = 1): Promise<PermissionRequest> {
    return this.#waitFor(() => [...this.byKey.values()][n - 1]);
  }

  /** The `n`-th permission HTTP call (1-based), once it arrived. */
  waitForCall(n: number): Promise<PermissionHttpCall> {
    return this.#waitFor(() => this.calls[n - 1]);
  }

  /** Changes a request as a decision (or the hub's expiry) would, and answers its long-polls. */
  decide(id: string, change: PermissionChange): PermissionRequest {
    const entry = [...this.byKey.entries()].find(([, request]) => request.id === id);
    if (entry === undefined) throw new Error(`FakePermissions: no request ${id}`);
    const decided: PermissionRequest = {
      ...entry[1],
      decidedAt: new Date().toISOString(),
      decidedBy: 'page',
      ...change,
    };
    this.byKey.set(entry[0], decided);
    this.#wake();
    return decided;
  }

  /** Loses every request, as a hub whose database was wiped would. */
  forget(): void {
    this.byKey.clear();
    this.#wake();
  }

  #ask(response: ServerResponse, text: string): true {
    const parsed = permissionAskSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return reply(response, 400, { error: parsed.error.message });
    const ask = parsed.data;
    let request = this.byKey.get(ask.requestKey);
    if (request === undefined) {
      const now = Date.now();
      request = {
        id: `perm-${this.#nextId++}`,
        sessionId: this.#sessionId,
        sessionName: 'alpha',
        sessionCwd: '/work/project',
        toolName: ask.toolName,
        toolInput: ask.toolInput,
        suggestions: ask.suggestions,
        via: ask.via,
        state: 'pending',
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + this.timeoutMs).toISOString(),
        decidedAt: null,
        decidedBy: null,
        message: null,
        updatedInput: null,
        scope: null,
        sessionRule: null,
      };
      this.byKey.set(ask.requestKey, request);
      this.#wake();
    }
    return reply(response, 200, { request });
  }

  async #poll(response: ServerResponse, id: string, waitS: number): Promise<void> {
    const find = () => [...this.byKey.values()].find((request) => request.id === id);
    const until = Date.now() + Math.min(Math.max(waitS, 1), 25) * 1_000;
    // The proxy hung up or the hub stopped: nobody is left to answer.
    let gone = false;
    response.once('close', () => {
      gone = true;
      this.#wake();
    });
    while (find()?.state === 'pending' && Date.now() < until && !gone) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, until - Date.now());
        this.#waiters.add(wake);
      });
    }
    if (gone) return;
    const request = find();
    if (request === undefined) reply(response, 404, { error: 'unknown permission request' });
    else reply(response, 200, { request });
  }

  async #waitFor<T>(check: () => T | undefined): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      await new Promise<void>((resolve) => this.#waiters.add(resolve));
    }
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}

function reply(response: ServerResponse, status: number, body: object): true {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  return true;
}
