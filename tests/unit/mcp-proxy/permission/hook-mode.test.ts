import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Log } from '../../../../mcp-proxy/log.js';
import { runPermissionHook } from '../../../../mcp-proxy/permission/hook-mode.js';
import { FakeHub, freePort } from '../support/fake-hub.js';
import type { FakePermissions, PermissionChange } from '../support/fake-permissions.js';

// Every wait here is for an event on loopback; a missing behaviour should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 10_000 });

const sessionId = 'sess-1';
const token = 'perm-token';

const hubs = new Set<FakeHub>();
afterEach(async () => {
  for (const hub of hubs) await hub.stop();
  hubs.clear();
});

async function startHub(options: { port?: number; permissions?: FakePermissions } = {}): Promise<FakeHub> {
  const hub = await FakeHub.start({ sessionId, token, ...options });
  hubs.add(hub);
  return hub;
}

async function stopHub(hub: FakeHub): Promise<void> {
  hubs.delete(hub);
  await hub.stop();
}

const payload = {
  hook_event_name: 'PermissionRequest',
  session_id: '2b1c',
  transcript_path: '/tmp/t.jsonl',
  cwd: '/tmp/work',
  permission_mode: 'default',
  tool_name: 'Bash',
  tool_input: { command: 'touch x', description: 'Create x' },
  permission_suggestions: [{ type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'touch:*' }] }],
};

/** Runs the hook against `hubUrl`; `stdout` is everything it printed, `lines` what it logged. */
function runHook(hubUrl: string, options: { stdin?: string; token?: string } = {}) {
  let stdout = '';
  const lines: string[] = [];
  const log: Log = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const result = runPermissionHook({
    config: {
      sessionId,
      hubUrl: new URL(hubUrl),
      token: options.token ?? token,
      giveUpMs: 30_000,
      permissionTimeoutMs: 120_000,
    },
    stdin: Readable.from([Buffer.from(options.stdin ?? JSON.stringify(payload))]),
    stdout: new Writable({
      write(chunk: Buffer, _encoding, done) {
        stdout += chunk.toString('utf8');
        done();
      },
    }),
    log,
  });
  return { done: result.then((kind) => ({ kind, stdout, lines })) };
}

/** Waits for the hook's request on `hub` and decides it. */
async function decide(hub: FakeHub, change: PermissionChange, n = 1): Promise<void> {
  const request = await hub.permissions.waitForRequest(n);
  // Decide while the proxy long-polls, as a person would.
  await hub.permissions.waitForCall(2 * n);
  hub.permissions.decide(request.id, change);
}

const hookJson = (decision: object) =>
  `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } })}\n`;

describe('permission hook mode', () => {
  it('sends tool, input and suggestions, and prints an allow as Claude Code expects', async () => {
    const hub = await startHub();
    const hook = runHook(hub.url);
    await decide(hub, { state: 'allowed' });
    expect(await hook.done).toMatchObject({ kind: 'decided', stdout: hookJson({ behavior: 'allow' }) });
    const [ask] = hub.permissions.calls;
    expect(ask).toMatchObject({ method: 'POST', authorization: `Bearer ${token}` });
    expect(ask?.body).toEqual({
      requestKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      toolName: 'Bash',
      toolInput: { command: 'touch x', description: 'Create x' },
      suggestions: payload.permission_suggestions,
      via: 'hook',
    });
  });

  it('prints the edited input and a session rule for "always allow this tool in this session"', async () => {
    const hub = await startHub();
    const hook = runHook(hub.url);
    await decide(hub, { state: 'allowed', updatedInput: { command: 'touch y' }, scope: 'session' });
    expect((await hook.done).stdout).toBe(
      hookJson({
        behavior: 'allow',
        updatedInput: { command: 'touch y' },
        updatedPermissions: [
          { type: 'addRules', rules: [{ toolName: 'Bash' }], behavior: 'allow', destination: 'session' },
        ],
      }),
    );
  });

  it("prints a deny with the person's message, or a default that says who denied", async () => {
    const hub = await startHub();
    const withMessage = runHook(hub.url);
    await decide(hub, { state: 'denied', message: 'Not in that folder.' });
    expect((await withMessage.done).stdout).toBe(
      hookJson({ behavior: 'deny', message: 'Not in that folder.' }),
    );
    const plain = runHook(hub.url);
    await decide(hub, { state: 'denied', decidedBy: 'voice' }, 2);
    expect((await plain.done).stdout).toBe(
      hookJson({ behavior: 'deny', message: 'Denied by the user (voice).' }),
    );
  });

  it("prints nothing when the request expires, so Claude Code's own prompt stays", async () => {
    const hub = await startHub();
    const hook = runHook(hub.url);
    await decide(hub, { state: 'expired', decidedBy: 'hub' });
    expect(await hook.done).toMatchObject({ kind: 'closed', stdout: '' });
  });

  it('keeps asking a hub that is down until it listens, then prints its decision', async () => {
    const port = await freePort();
    const hook = runHook(`http://127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const hub = await startHub({ port });
    await decide(hub, { state: 'allowed' });
    const done = await hook.done;
    expect(done.stdout).toBe(hookJson({ behavior: 'allow' }));
    expect(done.lines[0]).toMatch(/cannot reach the hub .*ECONNREFUSED/);
  });

  it('survives a hub restart while the person decides: same requestKey, same request, decision printed', async () => {
    const first = await startHub();
    const hook = runHook(first.url);
    const pending = await first.permissions.waitForRequest();
    await first.permissions.waitForCall(2);
    const { port, permissions } = first;
    await stopHub(first);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const before = permissions.calls.length;
    // The restarted hub still has the pending request (the real one keeps it in SQLite).
    const second = await startHub({ port, permissions });
    expect((await permissions.waitForCall(before + 1)).method).toBe('POST');
    expect((await permissions.waitForCall(before + 2)).url).toBe(
      `/hooks/${sessionId}/permission/${pending.id}?waitS=25`,
    );
    permissions.decide(pending.id, { state: 'allowed' });
    expect((await hook.done).stdout).toBe(hookJson({ behavior: 'allow' }));
    const posts = permissions.calls.filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((call) => (call.body as { requestKey: string }).requestKey)).size).toBe(1);
    expect(permissions.byKey.size).toBe(1);
    expect(second.permissions).toBe(permissions);
  });

  it('asks again with the same key when the hub lost the request (404 on the wait)', async () => {
    const hub = await startHub();
    const hook = runHook(hub.url);
    await hub.permissions.waitForCall(2);
    hub.permissions.forget();
    const renewed = await hub.permissions.waitForRequest();
    await hub.permissions.waitForCall(4);
    hub.permissions.decide(renewed.id, { state: 'denied', message: 'no' });
    expect((await hook.done).stdout).toBe(hookJson({ behavior: 'deny', message: 'no' }));
    const calls = hub.permissions.calls;
    expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
    expect(calls[2]?.body).toEqual(calls[0]?.body);
    expect(calls[3]?.url).toBe(`/hooks/${sessionId}/permission/${renewed.id}?waitS=25`);
  });

  it('prints nothing and logs the refusal when the hub rejects the token, without retrying', async () => {
    const hub = await startHub();
    const done = await runHook(hub.url, { token: 'wrong' }).done;
    expect(done).toMatchObject({ kind: 'refused', stdout: '' });
    expect(done.lines.join('\n')).toContain('the hub refused the Bash request: HTTP 401');
    expect(hub.permissions.calls).toHaveLength(1);
  });

  it('prints nothing and asks nobody for a payload that is not a PermissionRequest', async () => {
    const hub = await startHub();
    const done = await runHook(hub.url, {
      stdin: '{"hook_event_name":"PermissionRequest","tool_name":"Bash"}',
    }).done;
    expect(done).toMatchObject({ kind: 'invalid-payload', stdout: '' });
    expect(done.lines.join('\n')).toContain('tool_input');
    expect(hub.permissions.calls).toEqual([]);
  });
});
