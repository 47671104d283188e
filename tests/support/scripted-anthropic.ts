// A scripted Anthropic Messages API on loopback, so the real Claude Code CLI can run in tests
// (ANTHROPIC_BASE_URL=<url>). Main-loop requests consume scripted turns in order; the side requests
// Claude Code makes on its own (session title, ...) get a harmless answer and never consume a turn.
// Facts this relies on were checked against Claude Code 2.1.197: see tests/e2e/claude-harness.test.ts.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  defaultSideReply,
  isMainRequest,
  messageJson,
  messageSse,
  messagesRequestSchema,
  replyBlocks,
  toolNames,
} from './anthropic-messages.js';
import type { MessagesRequest, ScriptedReply } from './anthropic-messages.js';

export { isMainRequest, lastToolResult, lastUserText, systemText, toolNames } from './anthropic-messages.js';
export type {
  MessagesRequest,
  ReplyBlock,
  ScriptedReply,
  ToolResult,
  ToolUseSpec,
} from './anthropic-messages.js';

/**
 * main: a main-loop request that consumed a turn. mcp-wait: a main-loop request answered with
 * WaitForMcpServers (see `waitForTools`). side: Claude Code's own side calls. proxy: the CLI tried to
 * reach another host through us (only when its HTTP(S)_PROXY points here). other: anything else.
 */
export type RequestKind = 'main' | 'mcp-wait' | 'side' | 'count-tokens' | 'proxy' | 'other';

export interface ReceivedRequest {
  seq: number;
  kind: RequestKind;
  method: string;
  /** Path with query (`/v1/messages?beta=true`), or `host:port` / absolute URL for proxy attempts. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The Claude Code session that sent it (`x-claude-code-session-id`), when present. */
  sessionId: string | undefined;
  /** For kind `main`: which turn it consumed (0-based). */
  turnIndex: number | undefined;
  /** The parsed body of a Messages request. */
  body: MessagesRequest | undefined;
  rawBody: string;
  receivedAt: number;
}

export interface TurnContext {
  /** 0-based position among main requests. */
  index: number;
  sessionId: string | undefined;
}

/** A scripted answer, or a function of the request that returns one (it may assert, and may wait). */
export type Turn =
  ScriptedReply | ((request: MessagesRequest, ctx: TurnContext) => ScriptedReply | Promise<ScriptedReply>);

export interface ScriptedAnthropicOptions {
  /** Answers to main requests, in order. */
  turns?: Turn[];
  /** Answers main requests once `turns` run out; without it, running out is a failure. */
  fallback?: Turn;
  /** Answers side requests; by default JSON matching the requested schema, or "OK". */
  sideReply?: (request: MessagesRequest) => ScriptedReply;
  /** Tells main requests from side requests; the default is `isMainRequest`. */
  isMain?: (request: MessagesRequest) => boolean;
  /**
   * Claude Code sends the first prompt before stdio MCP servers have connected, so the first main
   * request may lack their tools: it then offers `WaitForMcpServers` (while a server is pending) or
   * nothing at all (before the server is even registered). Main requests that lack a tool named here,
   * or a tool the next turn calls (when that turn is a value, not a function), do not consume a turn:
   * the API answers with a WaitForMcpServers call (held 200 ms when the tool is not offered, which makes
   * Claude Code ask again with a fresh tool list), so turns only see requests that offer their tools.
   */
  waitForTools?: string[];
}

export interface ScriptedAnthropic {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Bodies of the requests that consumed a turn, in order. */
  mainRequests: MessagesRequest[];
  /** Turn functions that threw and main requests with no turn left. */
  failures: Error[];
  /** Resolves with the first request (past or future) that matches; rejects on timeout or failure. */
  waitForRequest(predicate: (r: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  /** Resolves with the body of main request number `index` (0-based). */
  waitForMainRequest(index: number, timeoutMs?: number): Promise<MessagesRequest>;
  close(): Promise<void>;
}

const WAIT_FOR_MCP = 'WaitForMcpServers';
// A server that never connects must not loop forever: after this many waits (about 10 s when
// WaitForMcpServers is not offered) the turn runs anyway and fails visibly.
const MAX_CONSECUTIVE_MCP_WAITS = 50;
const MCP_RETRY_HOLD_MS = 200;

/** Tool names a turn given as a value will call. */
function toolsCalledBy(turn: Turn | undefined): string[] {
  if (turn === undefined || typeof turn === 'function') return [];
  const uses = turn.toolUse === undefined ? [] : [turn.toolUse].flat();
  const blocks = (turn.blocks ?? []).flatMap((b) => (b.type === 'tool_use' ? [b] : []));
  return [...uses, ...blocks].map((t) => t.name);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message } });
}

/** Starts the scripted API on 127.0.0.1 with a free port. */
export async function startScriptedAnthropic(
  options: ScriptedAnthropicOptions = {},
): Promise<ScriptedAnthropic> {
  const turns = [...(options.turns ?? [])];
  const isMain = options.isMain ?? isMainRequest;
  const sideReply = options.sideReply ?? defaultSideReply;
  const requests: ReceivedRequest[] = [];
  const mainRequests: MessagesRequest[] = [];
  const failures: Error[] = [];
  const listeners = new Set<() => void>();
  const sockets = new Set<Socket>();
  let ids = 0;
  let mcpWaits = 0;
  const nextId = (prefix: string): string => `${prefix}_scripted_${++ids}`;

  const notify = (): void => listeners.forEach((l) => l());
  const record = (r: Omit<ReceivedRequest, 'seq' | 'receivedAt' | 'turnIndex'>): ReceivedRequest => {
    const turnIndex = r.kind === 'main' ? requests.filter((x) => x.kind === 'main').length : undefined;
    const full = { ...r, seq: requests.length + 1, receivedAt: Date.now(), turnIndex };
    requests.push(full);
    notify();
    return full;
  };
  const fail = (message: string, cause?: unknown): ScriptedReply => {
    failures.push(new Error(message, { cause }));
    notify();
    // Answer anyway so the CLI settles instead of retrying; the test sees the failure.
    return { text: `[scripted-anthropic] ${message}` };
  };

  function lacksNeededTools(body: MessagesRequest): boolean {
    const offered = new Set(toolNames(body));
    const needed = [...(options.waitForTools ?? []), ...toolsCalledBy(turns[0] ?? options.fallback)];
    return needed.some((name) => !offered.has(name));
  }

  async function mainReply(body: MessagesRequest, sessionId: string | undefined): Promise<ScriptedReply> {
    const index = mainRequests.length;
    mainRequests.push(body);
    const turn = turns.shift() ?? options.fallback;
    if (turn === undefined) return fail(`no scripted turn left for main request #${index}`);
    try {
      return typeof turn === 'function' ? await turn(body, { index, sessionId }) : turn;
    } catch (err) {
      return fail(`turn #${index} threw: ${err instanceof Error ? err.message : String(err)}`, err);
    }
  }

  async function onMessages(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const sessionId = req.headers['x-claude-code-session-id']?.toString();
    const base = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      sessionId,
      rawBody: raw,
    };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = messagesRequestSchema.safeParse(json);
    if (!parsed.success) {
      record({ ...base, kind: 'other', body: undefined });
      apiError(res, 400, 'invalid_request_error', `scripted-anthropic: ${parsed.error.message}`);
      return;
    }
    const body = parsed.data;
    let reply: ScriptedReply;
    if (!isMain(body)) {
      record({ ...base, kind: 'side', body });
      reply = sideReply(body);
    } else if (lacksNeededTools(body) && mcpWaits < MAX_CONSECUTIVE_MCP_WAITS) {
      mcpWaits += 1;
      record({ ...base, kind: 'mcp-wait', body });
      if (!toolNames(body).includes(WAIT_FOR_MCP)) await delay(MCP_RETRY_HOLD_MS);
      reply = { toolUse: { name: WAIT_FOR_MCP, input: {} } };
    } else {
      mcpWaits = 0;
      record({ ...base, kind: 'main', body });
      reply = await mainReply(body, sessionId);
    }
    if (reply.error !== undefined) {
      apiError(res, reply.error.status, reply.error.type, reply.error.message);
      return;
    }
    const usage = { input_tokens: 10, output_tokens: 5, ...reply.usage };
    const message = {
      id: nextId('msg'),
      model: body.model,
      blocks: replyBlocks(reply, () => nextId('toolu')),
      usage,
    };
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(messageSse(message));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(messageJson(message));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '';
    const base = {
      method: req.method ?? '',
      url,
      headers: req.headers,
      sessionId: undefined,
      body: undefined,
    };
    if (!url.startsWith('/')) {
      // An absolute URL means a client used us as its plain-HTTP proxy: refuse, but remember the host.
      record({ ...base, kind: 'proxy', rawBody: raw });
      apiError(res, 403, 'permission_error', 'scripted-anthropic: no outside network in tests');
    } else if (req.method === 'POST' && url.startsWith('/v1/messages/count_tokens')) {
      record({ ...base, kind: 'count-tokens', rawBody: raw });
      sendJson(res, 200, { input_tokens: Math.ceil(raw.length / 4) });
    } else if (req.method === 'POST' && /^\/v1\/messages(\?|$)/.test(url)) {
      await onMessages(req, res, raw);
    } else {
      // Claude Code 2.1.197 sends `HEAD /` at start-up to warm the connection; 200 keeps it quiet.
      record({ ...base, kind: 'other', rawBody: raw });
      if (req.method === 'HEAD' && url === '/') res.writeHead(200).end();
      else apiError(res, 404, 'not_found_error', `scripted-anthropic: nothing at ${req.method} ${url}`);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      failures.push(new Error('scripted-anthropic: handler crashed', { cause: err }));
      notify();
      if (!res.headersSent) apiError(res, 500, 'api_error', 'scripted-anthropic crashed');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // HTTPS through a proxy starts with CONNECT host:443; refuse it and remember the host.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => undefined); // the client may reset first; that must not crash the test
    record({
      kind: 'proxy',
      method: 'CONNECT',
      url: req.url ?? '',
      headers: req.headers,
      sessionId: undefined,
      body: undefined,
      rawBody: '',
    });
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function waitForRequest(
    predicate: (r: ReceivedRequest) => boolean,
    timeoutMs = 30_000,
  ): Promise<ReceivedRequest> {
    const failuresAtStart = failures.length;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = requests.find(predicate);
        const failure = failures[failuresAtStart];
        if (found === undefined && failure === undefined) return;
        cleanup();
        if (found !== undefined) resolve(found);
        else reject(failure);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = requests.map((r) => `${r.seq}:${r.kind}:${r.method} ${r.url}`).join(', ');
        reject(
          new Error(`scripted-anthropic: no matching request within ${timeoutMs} ms; received [${seen}]`),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    mainRequests,
    failures,
    waitForRequest,
    async waitForMainRequest(index, timeoutMs) {
      const found = await waitForRequest((r) => r.turnIndex === index, timeoutMs);
      if (found.body === undefined) throw new Error('scripted-anthropic: main request without a body');
      return found.body;
    },
    close() {
      // Claude Code keeps connections alive; without destroying them close() would wait for it to exit.
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
