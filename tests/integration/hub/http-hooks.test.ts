// Claude Code's own HTTP hooks against the real hub: the body is the hook's JSON as Claude Code
// sends it, the answer the hook's output. The permission hook is held until the person decides;
// if Claude Code stops waiting, the request leaves the inbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import { spawnReady, startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
});

function hookPost(sessionId: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const token = t.hub.sessions.record(sessionId).proxyToken;
  return fetch(`${t.url}/hooks/${sessionId}/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

const common = (sessionId: string) => {
  const record = t.hub.sessions.record(sessionId);
  return { session_id: record.claudeSessionId, cwd: record.cwd, permission_mode: 'default' };
};

async function pending(sessionId: string): Promise<PermissionRequest[]> {
  const response = await t.api('GET', `/api/permissions?state=pending&sessionId=${sessionId}`);
  return ((await response.json()) as { requests: PermissionRequest[] }).requests;
}

describe("Claude Code's HTTP hooks", () => {
  it('move the state and answer with the output: {} for nothing, the notes for a new turn', async () => {
    const s = await spawnReady(t, 'http-states');
    const busy = await hookPost(s.id, 'claude', {
      ...common(s.id),
      hook_event_name: 'UserPromptSubmit',
      prompt: 'go',
    });
    expect(busy.status).toBe(200);
    expect(await busy.json()).toEqual({});
    expect(t.hub.sessions.get(s.id).state).toBe('busy');

    const stop = await hookPost(s.id, 'claude', { ...common(s.id), hook_event_name: 'Stop' });
    expect(await stop.json()).toEqual({});
    expect(t.hub.sessions.get(s.id).state).toBe('idle');

    const note = await t.api('POST', `/api/sessions/${s.id}/messages`, {
      text: 'fyi: deploy is frozen',
      kind: 'note',
    });
    expect(note.status).toBe(201);
    const turn = await hookPost(s.id, 'claude', {
      ...common(s.id),
      hook_event_name: 'UserPromptSubmit',
      prompt: 'x',
    });
    const output = (await turn.json()) as { hookSpecificOutput?: { additionalContext?: string } };
    expect(output.hookSpecificOutput?.additionalContext).toContain('fyi: deploy is frozen');

    // Events the hub does not follow are not an error; a bad payload is a 400 naming the field.
    const other = await hookPost(s.id, 'claude', { ...common(s.id), hook_event_name: 'PreCompact' });
    expect(other.status).toBe(200);
    const bad = await hookPost(s.id, 'claude', { hook_event_name: 'Stop', session_id: 42 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('session_id');
  });

  it("refuse another session's token and the hub token", async () => {
    const a = await spawnReady(t, 'http-a');
    const b = await spawnReady(t, 'http-b');
    const tokenOfB = t.hub.sessions.record(b.id).proxyToken;
    for (const token of [tokenOfB, t.hub.token]) {
      const response = await fetch(`${t.url}/hooks/${a.id}/claude`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ hook_event_name: 'Stop' }),
      });
      expect(response.status).toBe(401);
    }
  });

  it('hold the permission request until the person decides, and answer with the decision', async () => {
    const s = await spawnReady(t, 'http-perm');
    const answer = hookPost(s.id, 'permission/claude', {
      ...common(s.id),
      hook_event_name: 'PermissionRequest',
      tool_name: 'Bash',
      tool_input: { command: 'npm test', description: 'Run the tests' },
      permission_suggestions: [
        {
          type: 'addRules',
          rules: [{ toolName: 'Bash', ruleContent: 'npm test:*' }],
          behavior: 'allow',
          destination: 'localSettings',
        },
      ],
    });
    const [request] = await waitFor('the request in the inbox', async () => {
      const found = await pending(s.id);
      return found.length > 0 ? found : undefined;
    });
    expect(request).toMatchObject({ toolName: 'Bash', via: 'hook', toolInput: { command: 'npm test' } });
    expect(t.hub.sessions.get(s.id).state).toBe('waiting_permission');
    const decided = await t.api('POST', `/api/permissions/${request!.id}`, {
      behavior: 'allow',
      suggestion: 0,
    });
    expect(decided.status).toBe(200);
    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: {
          behavior: 'allow',
          updatedPermissions: [
            {
              type: 'addRules',
              rules: [{ toolName: 'Bash', ruleContent: 'npm test:*' }],
              behavior: 'allow',
              destination: 'session',
            },
          ],
        },
      },
    });
  });

  it('cancel the request when Claude Code stops waiting (the person answered in the terminal)', async () => {
    const s = await spawnReady(t, 'http-gone');
    const abort = new AbortController();
    const answer = hookPost(
      s.id,
      'permission/claude',
      {
        ...common(s.id),
        hook_event_name: 'PermissionRequest',
        tool_name: 'Write',
        tool_input: { file_path: '/w/a' },
      },
      abort.signal,
    ).catch((error: unknown) => error);
    const [request] = await waitFor('the request in the inbox', async () => {
      const found = await pending(s.id);
      return found.length > 0 ? found : undefined;
    });
    abort.abort();
    await answer;
    const closed = await waitFor('the request closed', async () => {
      const response = await t.api('GET', `/api/permissions/${request!.id}`);
      const { request: now } = (await response.json()) as { request: PermissionRequest };
      return now.state === 'pending' ? undefined : now;
    });
    expect(closed).toMatchObject({ state: 'cancelled', decidedBy: 'claude-code' });
    expect(t.hub.sessions.get(s.id).state).toBe('busy');
  });
});
