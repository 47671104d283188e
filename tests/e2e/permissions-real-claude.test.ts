// Permission prompts with the real Claude Code CLI (scripted Messages API): the script asks for a
// Bash command that creates a file; Claude Code's PermissionRequest hook runs the proxy in
// permission mode, which hands the request to the hub. Allowed through REST: the file exists and
// the tool_result shows success. Denied: no file, and the script sees the denial message. No
// decision before the timeout: Claude Code's own prompt is on the tmux screen (never a silent allow).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionChoices } from '../../protocol/permission-suggestions.js';
import type { PermissionRequest } from '../../protocol/permissions.js';
import type { Session } from '../../protocol/session.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { screenOf, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import {
  lastToolResult,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

let api: ScriptedAnthropic | undefined;
let home: ClaudeHome | undefined;
let t: TestHub | undefined;
let scratch: string | undefined;

afterEach(async () => {
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  t = api = home = scratch = undefined;
});

/**
 * A session whose first turn asks to run `touch <scratch>/made.txt` (`times` turns in a row);
 * returns the file's path.
 */
async function sessionAskingForBash(env: Record<string, string> = {}, times = 1, how = 'touch') {
  scratch = mkdtempSync(join(tmpdir(), 'sb-perm-'));
  const file = join(scratch, 'made.txt');
  const command = how === 'touch' ? `touch ${file}` : `node -e "require('fs').writeFileSync('${file}', '')"`;
  const touch = {
    toolUse: { name: 'Bash', input: { command, description: 'Create the marker file' } },
  };
  api = await startScriptedAnthropic({
    turns: [...Array.from({ length: times }, () => touch), { text: 'Done.' }],
  });
  home = await makeClaudeHome({
    apiKey: 'sk-ant-test-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
  });
  t = await startTestHub({ claudeBin: CLAUDE_BIN, inheritEnv: false, env: { ...home.env, ...env } });
  const hub = t;
  const created = await hub.api('POST', '/api/sessions', { name: 'perm', prompt: 'Make the marker file.' });
  expect(created.status, await created.clone().text()).toBe(201);
  const { session } = (await created.json()) as { session: Session };
  const request = await waitFor(
    'the permission request at the hub',
    async () => {
      const { requests } = (await (await hub.api('GET', '/api/permissions?state=pending')).json()) as {
        requests: PermissionRequest[];
      };
      return requests[0];
    },
    60_000,
  );
  expect(request).toMatchObject({ sessionId: session.id, toolName: 'Bash', via: 'hook' });
  expect(request.toolInput).toMatchObject({ command });
  await waitFor(
    'waiting_permission',
    () => hub.hub.sessions.record(session.id).state === 'waiting_permission',
  );
  return { hub, session, request, file };
}

describe('permission prompts with the real Claude Code CLI', () => {
  it('allowed through REST: the command runs and the tool_result shows success', async () => {
    const { hub, request, file } = await sessionAskingForBash();
    const decided = await hub.api('POST', `/api/permissions/${request.id}`, { behavior: 'allow' });
    expect(decided.status).toBe(200);
    const next = await api!.waitForMainRequest(1, 60_000);
    const result = lastToolResult(next);
    expect(result?.isError).toBe(false);
    expect(existsSync(file)).toBe(true);
    expect((await hub.api('POST', `/api/permissions/${request.id}`, { behavior: 'deny' })).status).toBe(409);
  });

  it('allowed as Claude Code suggested: its own rule is added for the session, and the next run asks nobody', async () => {
    const { hub, request, file } = await sessionAskingForBash({}, 2, 'node');
    // The real CLI's suggestion for this prompt: a Bash rule for the command, not the whole tool.
    const choices = sessionChoices(request.toolName, request.suggestions);
    expect(choices.length, JSON.stringify(request.suggestions)).toBeGreaterThan(0);
    const choice = choices[0]!;
    expect(choice.rule).toMatchObject({
      type: 'addRules',
      rules: [{ toolName: 'Bash' }],
      destination: 'session',
    });
    const ruleContent = choice.rule.type === 'addRules' ? choice.rule.rules[0]?.ruleContent : undefined;
    expect(ruleContent, 'a rule narrower than the whole tool').toBeTruthy();
    const decided = await hub.api('POST', `/api/permissions/${request.id}`, {
      behavior: 'allow',
      suggestion: choice.index,
    });
    expect(decided.status, await decided.clone().text()).toBe(200);
    expect(((await decided.json()) as { request: PermissionRequest }).request).toMatchObject({
      scope: 'session',
      sessionRule: choice.rule,
    });
    // The same command again: Claude Code's rule covers it, so it runs with no second request.
    const last = await api!.waitForMainRequest(2, 60_000);
    expect(lastToolResult(last)?.isError).toBe(false);
    expect(existsSync(file)).toBe(true);
    const { requests } = (await (await hub.api('GET', '/api/permissions')).json()) as {
      requests: PermissionRequest[];
    };
    expect(requests.map((r) => r.id)).toEqual([request.id]);
  });

  it('denied: no file, and Claude gets the denial message', async () => {
    const { hub, request, file } = await sessionAskingForBash();
    const message = 'Not in this folder, please.';
    expect(
      (await hub.api('POST', `/api/permissions/${request.id}`, { behavior: 'deny', message })).status,
    ).toBe(200);
    const next = await api!.waitForMainRequest(1, 60_000);
    const result = lastToolResult(next);
    expect(result?.isError).toBe(true);
    expect(result?.text).toContain(message);
    expect(existsSync(file)).toBe(false);
  });

  it("no decision before the timeout: Claude Code's own prompt is on the screen, and nothing ran", async () => {
    const { hub, session, request, file } = await sessionAskingForBash({
      SWITCHBOARD_PERMISSION_TIMEOUT_S: '3',
    });
    await waitFor('expired', () => hub.hub.permissions.get(request.id).state === 'expired', 20_000);
    const tmux = hub.hub.sessions.record(session.id).tmuxSession;
    await waitFor(
      'the terminal prompt',
      () => /Do you want to proceed\?/.test(screenOf(hub.config.tmuxSocket, tmux)),
      20_000,
    );
    expect(existsSync(file)).toBe(false);
    expect(api!.mainRequests).toHaveLength(1); // Claude still waits on the person
  });
});
