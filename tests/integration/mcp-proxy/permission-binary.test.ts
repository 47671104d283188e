import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeHub } from '../../unit/mcp-proxy/support/fake-hub.js';
import type { FakePermissions, PermissionChange } from '../../unit/mcp-proxy/support/fake-permissions.js';
import { assertBuilt, killStarted, proxyArgs, startProcess, trackPid } from './support/built-proxy.js';
import type { Finished } from './support/built-proxy.js';

// Each wait is for an event on loopback; a missing behaviour should fail in seconds, not after 60 s.
vi.setConfig({ testTimeout: 20_000 });

const sessionId = 'sess-perm';
const token = 'perm-int-token-0123456789';

const hubs = new Set<FakeHub>();
const clients = new Set<Client>();
afterEach(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  clients.clear();
  killStarted();
  for (const hub of hubs) await hub.stop();
  hubs.clear();
});

async function startHub(options: { port?: number; permissions?: FakePermissions } = {}): Promise<FakeHub> {
  const hub = await FakeHub.start({ sessionId, token, ...options });
  hubs.add(hub);
  return hub;
}

function proxyEnv(hubUrl: string, change: Record<string, string> = {}): Record<string, string> {
  return {
    SWITCHBOARD_SESSION_ID: sessionId,
    SWITCHBOARD_HUB_URL: hubUrl,
    SWITCHBOARD_SESSION_TOKEN: token,
    SWITCHBOARD_PERMISSION_TIMEOUT_S: '60',
    ...change,
  };
}

/** What Claude Code 2.1.197 writes to a PermissionRequest hook's stdin. */
const payload = {
  session_id: '7f3e2d1c-0000-4000-8000-000000000000',
  transcript_path: '/tmp/t.jsonl',
  cwd: '/tmp/work',
  permission_mode: 'default',
  hook_event_name: 'PermissionRequest',
  tool_name: 'Bash',
  tool_input: { command: 'touch /tmp/work/x', description: 'Create x' },
  permission_suggestions: [
    {
      type: 'addRules',
      rules: [{ toolName: 'Bash', ruleContent: 'touch:*' }],
      behavior: 'allow',
      destination: 'localSettings',
    },
  ],
};

function runPermissionHook(env: Record<string, string>, stdin = JSON.stringify(payload)): Promise<Finished> {
  const { child, finished } = startProcess(['permission'], env);
  child.stdin?.end(stdin);
  return finished;
}

/** Decides the `n`-th request while the proxy long-polls it, as the person would from the page. */
async function decide(hub: FakeHub, change: PermissionChange): Promise<void> {
  const request = await hub.permissions.waitForRequest();
  await hub.permissions.waitForCall(2);
  hub.permissions.decide(request.id, change);
}

const hookJson = (decision: object) =>
  `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } })}\n`;

beforeAll(assertBuilt);

describe('the built proxy as the PermissionRequest hook', () => {
  it('prints the decision and exits 0; the hub saw the tool, input and the hub timeout', async () => {
    const hub = await startHub();
    const run = runPermissionHook(proxyEnv(hub.url));
    await decide(hub, { state: 'allowed', scope: 'session' });
    const result = await run;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      hookJson({
        behavior: 'allow',
        updatedPermissions: [
          { type: 'addRules', rules: [{ toolName: 'Bash' }], behavior: 'allow', destination: 'session' },
        ],
      }),
    );
    expect(result.stderr).not.toContain(token);
    expect(hub.permissions.calls[0]).toMatchObject({
      method: 'POST',
      url: `/hooks/${sessionId}/permission`,
      authorization: `Bearer ${token}`,
      body: { toolName: 'Bash', toolInput: payload.tool_input, suggestions: payload.permission_suggestions },
    });
  });

  it('prints a deny with its message', async () => {
    const hub = await startHub();
    const run = runPermissionHook(proxyEnv(hub.url));
    await decide(hub, { state: 'denied', message: 'Not that folder.' });
    expect(await run).toMatchObject({
      code: 0,
      stdout: hookJson({ behavior: 'deny', message: 'Not that folder.' }),
    });
  });

  it("prints nothing when the request expires, leaving Claude Code's own prompt", async () => {
    const hub = await startHub();
    const run = runPermissionHook(proxyEnv(hub.url));
    await decide(hub, { state: 'expired', decidedBy: 'hub' });
    expect(await run).toMatchObject({ code: 0, stdout: '' });
  });

  it('survives a hub restart on the same port while the person decides', async () => {
    const first = await startHub();
    const run = runPermissionHook(proxyEnv(first.url));
    const pending = await first.permissions.waitForRequest();
    await first.permissions.waitForCall(2);
    const { port, permissions } = first;
    hubs.delete(first);
    await first.stop();
    const before = permissions.calls.length;
    await startHub({ port, permissions });
    await permissions.waitForCall(before + 2);
    permissions.decide(pending.id, { state: 'allowed' });
    const result = await run;
    expect(result).toMatchObject({ code: 0, stdout: hookJson({ behavior: 'allow' }) });
    expect(result.stderr).toContain('cannot reach the hub');
    const keys = permissions.calls.flatMap((call) => (call.method === 'POST' ? [call.body] : []));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toEqual(keys[0]);
  });

  it('prints nothing and exits 0 when the hub refuses the token', async () => {
    const hub = await startHub();
    const result = await runPermissionHook(proxyEnv(hub.url, { SWITCHBOARD_SESSION_TOKEN: 'wrong' }));
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('HTTP 401');
  });

  it('prints nothing and exits 0 without its configuration, naming the variable', async () => {
    const result = await runPermissionHook({});
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('SWITCHBOARD_SESSION_ID is not set');
  });

  it('lists its modes for an unknown one', async () => {
    const result = await startProcess(['permissions'], proxyEnv('http://127.0.0.1:9')).finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('or with "permission"');
  });
});

describe('the built proxy as a headless permission prompt tool', () => {
  it('answers permission_prompt with the decision made on the hub', async () => {
    const hub = await startHub();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: proxyArgs,
      env: proxyEnv(hub.url),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'claude-code', version: '2.1.197' });
    clients.add(client);
    await client.connect(transport);
    if (transport.pid !== null) trackPid(transport.pid);
    const answer = client.callTool({
      name: 'permission_prompt',
      arguments: { tool_name: 'Bash', input: { command: 'touch x' }, tool_use_id: 'toolu_01' },
    });
    await decide(hub, { state: 'allowed', updatedInput: { command: 'touch y' } });
    expect((await answer).content).toEqual([
      { type: 'text', text: '{"behavior":"allow","updatedInput":{"command":"touch y"}}' },
    ]);
    expect(hub.permissions.calls[0]?.body).toMatchObject({ via: 'tool' });
  });
});
