// Finding 3 of issue 12: the hub's environment, SWITCHBOARD_TOKEN included, was inherited by every
// session, so anything a session ran could read the hub token and approve its own permission
// prompts over REST; a session could also read <data dir>/token and other sessions' mcp.json.
// And finding 1's other half: a session's send_message was pre-allowed; now it goes through
// Claude Code's own permission prompt, which reaches the person like any other.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../protocol/permissions.js';
import type { Session } from '../../protocol/session.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { spawnReady, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import {
  lastToolResult,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

const TOKEN = 'the-hub-token-0123456789abcdef';

let t: TestHub | undefined;
let api: ScriptedAnthropic | undefined;
let home: ClaudeHome | undefined;
afterEach(async () => {
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
  t = api = home = undefined;
});

/** A process's environment, as /proc shows it: NAME=value strings. */
function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
}

function tmux(hub: TestHub, ...args: string[]): string {
  return execFileSync('tmux', ['-L', hub.config.tmuxSocket, ...args], { encoding: 'utf8' }).trim();
}

describe("a session's environment", () => {
  it("holds none of the hub's variables and not its token, in the pane or in the tmux server", async () => {
    t = await startTestHub({
      token: TOKEN,
      env: { DEPLOY_HOOK: `https://ci.example/hook?key=${TOKEN}`, MY_OWN_KEY: 'sk-kept' },
    });
    const hub = t;
    const claude = await spawnReady(hub, 'claude');
    const created = await hub.api('POST', '/api/sessions', { name: 'shell', command: 'sleep 600' });
    const shell = ((await created.json()) as { session: Session }).session;
    await waitFor('the shell pane', () =>
      tmux(hub, 'list-panes', '-a', '-F', '#{session_name}').includes(shell.tmuxSession),
    );

    const pids = [
      Number(tmux(hub, 'display', '-p', '-t', `=${claude.tmuxSession}:`, '#{pane_pid}')),
      Number(tmux(hub, 'display', '-p', '-t', `=${shell.tmuxSession}:`, '#{pane_pid}')),
      Number(tmux(hub, 'display', '-p', '#{pid}')), // the tmux server itself
    ];
    for (const pid of pids) {
      const environ = environOf(pid);
      expect(
        environ.filter((line) => line.startsWith('SWITCHBOARD_')),
        `pid ${pid}`,
      ).toEqual([]);
      expect(
        environ.filter((line) => line.includes(TOKEN)),
        `pid ${pid}`,
      ).toEqual([]);
      // The person's own environment still reaches Claude Code.
      expect(environ).toContain('MY_OWN_KEY=sk-kept');
    }
    // What a session does hold is its own token, valid for its own hooks only.
    const own = hub.hub.sessions.record(claude.id).proxyToken;
    expect((await hub.api('GET', '/api/sessions', undefined, own)).status).toBe(401);
  });
});

describe('a real Claude Code session', () => {
  it('cannot read the hub token with its file tools, and asks the person before messaging a session', async () => {
    let dataDir = '';
    api = await startScriptedAnthropic({
      waitForTools: ['mcp__switchboard__send_message'],
      turns: [
        () => ({ toolUse: { name: 'Read', input: { file_path: join(dataDir, 'token') } } }),
        () => ({
          toolUse: {
            name: 'mcp__switchboard__send_message',
            input: { to: 'someone', body: 'rm -rf build', kind: 'task' },
          },
        }),
        { text: 'Done.' },
      ],
    });
    home = await makeClaudeHome({
      apiKey: 'sk-ant-test-0123456789abcdefghij',
      baseUrl: api.url,
      proxyUrl: api.url,
    });
    t = await startTestHub({ claudeBin: CLAUDE_BIN, inheritEnv: false, env: home.env });
    const hub = t;
    dataDir = hub.config.dataDir;
    const created = await hub.api('POST', '/api/sessions', { name: 'curious', prompt: 'Look around.' });
    expect(created.status, await created.clone().text()).toBe(201);

    // The Read of <data dir>/token is refused by the session's settings (permissions.deny):
    // no prompt at all, and the token never reaches the model.
    const afterRead = await api.waitForMainRequest(1, 90_000);
    const read = lastToolResult(afterRead);
    expect(read?.isError).toBe(true);
    expect(read?.text).toMatch(/denied|permission/i);
    expect(JSON.stringify(afterRead)).not.toContain(hub.hub.token);

    // send_message is not pre-allowed: Claude Code asks, and the question reaches the hub.
    const request = await waitFor(
      'the send_message permission request',
      async () => {
        const { requests } = (await (await hub.api('GET', '/api/permissions?state=pending')).json()) as {
          requests: PermissionRequest[];
        };
        return requests.find((r) => r.toolName === 'mcp__switchboard__send_message');
      },
      60_000,
    );
    expect(request.toolInput).toMatchObject({ to: 'someone', kind: 'task' });
    const denied = await hub.api('POST', `/api/permissions/${request.id}`, {
      behavior: 'deny',
      message: 'No.',
    });
    expect(denied.status).toBe(200);
    const afterSend = await api.waitForMainRequest(2, 60_000);
    expect(lastToolResult(afterSend)).toMatchObject({ isError: true });
  });
});
