import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubLink } from '../../../../mcp-proxy/hub-link.js';
import { proxySocketUrl } from '../../../../mcp-proxy/hub-url.js';
import { silentLog } from '../../../../mcp-proxy/log.js';
import { askAndWait } from '../../../../mcp-proxy/permission/ask-hub.js';
import { registerTools } from '../../../../mcp-proxy/tools/index.js';
import { FakeHub, freePort } from '../support/fake-hub.js';
import type { PermissionChange } from '../support/fake-permissions.js';

// Every wait here is for an event on loopback; a missing behaviour should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 10_000 });

const sessionId = 'sess-1';
const token = 'prompt-token';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The proxy's tools as Claude Code sees them, asking for permission at `hubUrl`. */
async function connect(hubUrl: string, options: { token?: string; localDeadlineMs?: number } = {}) {
  const link = new HubLink({
    url: proxySocketUrl(new URL(hubUrl), sessionId),
    sessionId,
    token,
    pid: 1,
    giveUpMs: 30_000,
    log: silentLog,
  });
  cleanups.push(() => link.close());
  const server = new McpServer({ name: 'switchboard', version: 'test' });
  const config = { hubUrl: new URL(hubUrl), sessionId, token: options.token ?? token };
  registerTools(server, link, (ask, signal) =>
    askAndWait({
      config,
      ask,
      log: silentLog,
      localDeadlineMs: options.localDeadlineMs ?? 5_000,
      ...(signal === undefined ? {} : { signal }),
    }),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'claude-code', version: '1' });
  await client.connect(clientSide);
  cleanups.push(() => client.close());
  return client;
}

async function startHub(): Promise<FakeHub> {
  const hub = await FakeHub.start({ sessionId, token });
  cleanups.push(() => hub.stop());
  return hub;
}

/** Calls the tool the way Claude Code does and returns the parsed answer. */
async function prompt(client: Client): Promise<{ answer: unknown; isError: unknown }> {
  const result = await client.callTool({
    name: 'permission_prompt',
    arguments: { tool_name: 'Bash', input: { command: 'touch x' }, tool_use_id: 'toolu_01' },
  });
  const content = result.content as Array<{ type: string; text: string }>;
  expect(content).toHaveLength(1);
  expect(content[0]?.type).toBe('text');
  return { answer: JSON.parse(content[0]?.text ?? ''), isError: result.isError };
}

async function decidedPrompt(change: PermissionChange, timeoutMs?: number) {
  const hub = await startHub();
  if (timeoutMs !== undefined) hub.permissions.timeoutMs = timeoutMs;
  const answer = prompt(await connect(hub.url));
  const request = await hub.permissions.waitForRequest();
  await hub.permissions.waitForCall(2);
  hub.permissions.decide(request.id, change);
  return { hub, ...(await answer) };
}

describe('the permission_prompt tool', () => {
  it('is offered with the input Claude Code sends, and a description that says not to call it', async () => {
    const { tools } = await (await connect('http://127.0.0.1:9')).listTools();
    const tool = tools.find((candidate) => candidate.name === 'permission_prompt');
    expect(tool?.inputSchema.required).toEqual(['tool_name', 'input']);
    expect(tool?.description).toContain('Do not call it yourself');
  });

  it("asks the hub via 'tool' and answers an allow with the original input", async () => {
    const { hub, answer, isError } = await decidedPrompt({ state: 'allowed' });
    expect(answer).toEqual({ behavior: 'allow', updatedInput: { command: 'touch x' } });
    expect(isError).toBe(false);
    expect(hub.permissions.calls[0]?.body).toEqual({
      requestKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      toolName: 'Bash',
      toolInput: { command: 'touch x' },
      suggestions: [],
      via: 'tool',
    });
  });

  it('answers an edited allow with the new input and a session rule', async () => {
    const { answer } = await decidedPrompt({
      state: 'allowed',
      updatedInput: { command: 'touch y' },
      scope: 'session',
    });
    expect(answer).toEqual({
      behavior: 'allow',
      updatedInput: { command: 'touch y' },
      updatedPermissions: [
        { type: 'addRules', rules: [{ toolName: 'Bash' }], behavior: 'allow', destination: 'session' },
      ],
    });
  });

  it("answers a deny with the person's message", async () => {
    const { answer, isError } = await decidedPrompt({ state: 'denied', message: 'Not now.' });
    expect(answer).toEqual({ behavior: 'deny', message: 'Not now.' });
    expect(isError).toBe(false);
  });

  it('denies when nobody decided in time, saying how long it waited', async () => {
    const { answer } = await decidedPrompt({ state: 'expired', decidedBy: 'hub' }, 90_000);
    expect(answer).toEqual({
      behavior: 'deny',
      message:
        'No decision from the person within 90 s; denied. The person may be away: say what you need and ' +
        'why, then try again later or go on without it.',
    });
  });

  it('denies a request the hub cancelled', async () => {
    const { answer } = await decidedPrompt({ state: 'cancelled', decidedBy: 'hub' });
    expect(answer).toEqual({
      behavior: 'deny',
      message: 'The permission request was cancelled (by hub) before anyone decided; denied.',
    });
  });

  it('denies when the hub cannot be reached, naming the cause', async () => {
    const client = await connect(`http://127.0.0.1:${await freePort()}`, { localDeadlineMs: 300 });
    const { answer } = await prompt(client);
    expect(answer).toEqual({
      behavior: 'deny',
      message: expect.stringMatching(
        /^Could not reach the switchboard hub to ask the person \(connect ECONNREFUSED.*\); denied after 3\d\d ms\. Try again later\.$/,
      ),
    });
  });

  it('denies at once when the hub refuses the token', async () => {
    const hub = await startHub();
    const { answer } = await prompt(await connect(hub.url, { token: 'wrong' }));
    expect(answer).toEqual({
      behavior: 'deny',
      message:
        'The switchboard hub refused the permission request (HTTP 401 {}); denied. Asking again will not help; tell the person.',
    });
    expect(hub.permissions.calls).toHaveLength(1);
  });
});
