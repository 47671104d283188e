import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeHub, freePort } from '../../unit/mcp-proxy/support/fake-hub.js';
import {
  assertBuilt,
  killStarted,
  proxyArgs,
  postHookJs,
  startProcess,
  trackPid,
} from './support/built-proxy.js';
import type { Finished } from './support/built-proxy.js';

// Each wait is for an event on loopback; a missing behaviour should fail in seconds, not after 60 s.
vi.setConfig({ testTimeout: 20_000 });

const sessionId = 'sess-int';
const token = 'int-token-0123456789';

function proxyEnv(hubUrl: string): Record<string, string> {
  return {
    SWITCHBOARD_SESSION_ID: sessionId,
    SWITCHBOARD_HUB_URL: hubUrl,
    SWITCHBOARD_SESSION_TOKEN: token,
  };
}

const hubs = new Set<FakeHub>();
const clients = new Set<Client>();

afterEach(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  clients.clear();
  killStarted();
  for (const hub of hubs) await hub.stop();
  hubs.clear();
});

async function startHub(
  options: { port?: number; hookStatus?: number; hookAnswer?: string } = {},
): Promise<FakeHub> {
  const hub = await FakeHub.start({ sessionId, token, ...options });
  hubs.add(hub);
  return hub;
}

async function stopHub(hub: FakeHub): Promise<void> {
  hubs.delete(hub);
  await hub.stop();
}

function runHookProcess(env: Record<string, string>, stdin: string): Promise<Finished> {
  const { child, finished } = startProcess([], env, postHookJs);
  child.stdin?.end(stdin);
  return finished;
}

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((part) => part.text ?? '').join('');
}

beforeAll(assertBuilt);

describe('the built proxy in server mode', () => {
  it('serves the switchboard tools and carries a converse call across a hub restart on the same port', async () => {
    let hub = await startHub();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: proxyArgs,
      env: proxyEnv(hub.url),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'proxy-binary-test', version: '1.0.0' });
    clients.add(client);
    await client.connect(transport);
    if (transport.pid !== null) trackPid(transport.pid);
    expect(client.getServerVersion()?.name).toBe('switchboard');

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'converse',
      'list_sessions',
      'permission_prompt',
      'read_inbox',
      'send_message',
      'set_status',
      'whoami',
    ]);
    const converse = tools.find((tool) => tool.name === 'converse');
    expect(converse?.description).toMatch(/speak/i);
    expect(converse?.inputSchema.required).toEqual(['message']);
    expect(Object.keys(converse?.inputSchema.properties ?? {}).sort()).toEqual([
      'message',
      'voice',
      'wait_for_response',
    ]);

    const firstReply = client.callTool({ name: 'converse', arguments: { message: 'Ready to start?' } });
    const first = await hub.waitForCall('converse');
    expect(first.frame).toMatchObject({ message: 'Ready to start?', waitForResponse: true });
    const hello = hub.framesOfType('hello')[0]?.frame;
    expect(hello).toMatchObject({ sessionId, pid: transport.pid });
    hub.answer(first.frame.callId, 'Yes, start with the tests.');
    const firstResult = await firstReply;
    expect(textOf(firstResult)).toBe('Yes, start with the tests.');
    expect(firstResult.isError).toBe(false);

    // The hub goes away while the user is still answering, and comes back on the same port.
    const secondReply = client.callTool({ name: 'converse', arguments: { message: 'Deploy now?' } });
    const inFlight = await hub.waitForCall('converse', 2);
    const port = hub.port;
    await stopHub(hub);
    hub = await startHub({ port });
    const resent = await hub.waitForCall('converse');
    expect(resent.frame).toEqual(inFlight.frame);
    hub.answer(resent.frame.callId, 'Yes, deploy.');
    const secondResult = await secondReply;
    expect(textOf(secondResult)).toBe('Yes, deploy.');
    expect(secondResult.isError).toBe(false);
    expect(stderr).toContain('reconnected');
    expect(stderr).not.toContain(token);
  });

  it('closes its hub socket and exits 0 when Claude Code closes its stdin', async () => {
    const hub = await startHub();
    const { child, finished } = startProcess([], proxyEnv(hub.url));
    await hub.waitFor(() => hub.framesOfType('hello')[0]);
    child.stdin?.end();
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    await hub.waitFor(() => (hub.closeCodes.length > 0 ? true : undefined));
    expect(hub.closeCodes).toEqual([1000]);
  });

  it('refuses to start without its configuration, naming the variable', async () => {
    const env = proxyEnv('http://127.0.0.1:1');
    delete env.SWITCHBOARD_SESSION_TOKEN;
    const result = await startProcess([], env).finished;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('SWITCHBOARD_SESSION_TOKEN is not set');
  });
});

describe('the post-hook command (state hooks without an HTTP hook)', () => {
  const payload = {
    hook_event_name: 'UserPromptSubmit',
    session_id: 'c0ffee',
    transcript_path: '/tmp/t.jsonl',
    cwd: '/tmp',
    prompt: 'run the tests',
  };

  it('posts the payload as it is with the session token, prints nothing for `{}` and exits 0', async () => {
    const hub = await startHub();
    const result = await runHookProcess(proxyEnv(hub.url), JSON.stringify(payload));
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(hub.hookRequests).toEqual([
      { sessionId, authorization: `Bearer ${token}`, contentType: 'application/json', body: payload },
    ]);
  });

  it("prints the hub's answer, the hook's output for Claude Code, as one line", async () => {
    const output = { hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'a note' } };
    const hub = await startHub({ hookAnswer: JSON.stringify(output) });
    const result = await runHookProcess(proxyEnv(hub.url), JSON.stringify(payload));
    expect(result).toEqual({ code: 0, stdout: `${JSON.stringify(output)}\n`, stderr: '' });
  });

  it('does not retry a hub that refuses, and says what it answered', async () => {
    const hub = await startHub({ hookStatus: 401, hookAnswer: '{"error":{"message":"bad token"}}' });
    const result = await runHookProcess(proxyEnv(hub.url), JSON.stringify(payload));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('HTTP 401 {"error":{"message":"bad token"}}');
    expect(hub.hookRequests).toHaveLength(1);
  });

  it('exits 0 with a line on stderr when the hub is down', async () => {
    const result = await runHookProcess(
      proxyEnv(`http://127.0.0.1:${await freePort()}`),
      JSON.stringify(payload),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('could not report the hook to http://127.0.0.1:');
  });

  it('exits 0 with a line on stderr when its configuration is missing', async () => {
    const result = await runHookProcess({}, JSON.stringify(payload));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('SWITCHBOARD_SESSION_TOKEN must be set');
  });
});
