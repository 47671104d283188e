// Claude Code's Notification hook, one payload per kind as the real CLI (2.1.197) sends it: the
// fields, `message` and `notification_type` as its code writes them. Only a real question makes a
// session "waiting for you"; the idle reminder leaves it idle, so a task sent then is typed in.
// (The real CLI's own idle reminder, end to end: tests/e2e/conversation-real-claude.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../../protocol/session.js';
import {
  screenOf,
  spawnReady,
  startTestHub,
  typeLine,
  waitFor,
  type TestHub,
} from '../../support/hub-harness.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
});

const NOTIFICATIONS = {
  permission_prompt: 'Claude needs your permission to use Bash',
  idle_prompt: 'Claude is waiting for your input',
  auth_success: 'Claude Code login successful',
  elicitation_dialog: 'MCP server "db" requests your input',
  elicitation_response: 'Elicitation response for server "db": accept',
  elicitation_complete: 'MCP server "db" confirmed elicitation e1 complete',
} as const;

/** The Notification hook as the proxy forwards it: Claude Code's stdin JSON, untouched. */
async function notify(sessionId: string, type: keyof typeof NOTIFICATIONS): Promise<void> {
  const record = t.hub.sessions.record(sessionId);
  const payload = {
    session_id: record.claudeSessionId,
    transcript_path: `/nowhere/${record.claudeSessionId}.jsonl`,
    cwd: record.cwd,
    permission_mode: 'default',
    hook_event_name: 'Notification',
    message: NOTIFICATIONS[type],
    notification_type: type,
  };
  const response = await t.api('POST', `/hooks/${sessionId}/claude`, payload, record.proxyToken);
  expect(response.status, await response.text()).toBeLessThan(300);
}

const state = (id: string): SessionState => t.hub.sessions.get(id).state;

describe("Claude Code's notifications and the session's state", () => {
  it('keeps an idle session idle through the idle reminder and types a task sent then', async () => {
    const s = await spawnReady(t, 'reminded');
    typeLine(t.config.tmuxSocket, s.tmuxSession, 'first turn');
    await waitFor('idle after the turn', () => state(s.id) === 'idle');
    await notify(s.id, 'idle_prompt');
    expect(state(s.id)).toBe('idle');
    const sent = await t.api('POST', `/api/sessions/${s.id}/messages`, { text: 'after the reminder' });
    expect(sent.status).toBe(201);
    await waitFor('the task typed in', () =>
      screenOf(t.config.tmuxSocket, s.tmuxSession).includes('echo: [task from api'),
    );
  });

  it('a permission prompt and an elicitation are questions; their answers and the rest are not', async () => {
    const s = await spawnReady(t, 'asked');
    typeLine(t.config.tmuxSocket, s.tmuxSession, 'first turn');
    await waitFor('idle after the turn', () => state(s.id) === 'idle');
    await notify(s.id, 'auth_success');
    expect(state(s.id)).toBe('idle');
    await notify(s.id, 'permission_prompt');
    expect(state(s.id)).toBe('waiting_input');
    t.hub.sessions.apply(s.id, { type: 'hook', event: 'Stop' });
    await notify(s.id, 'elicitation_dialog');
    expect(state(s.id)).toBe('waiting_input');
    await notify(s.id, 'elicitation_response');
    expect(state(s.id)).toBe('busy');
    await notify(s.id, 'elicitation_dialog');
    await notify(s.id, 'elicitation_complete');
    expect(state(s.id)).toBe('busy');
    await notify(s.id, 'idle_prompt');
    expect(state(s.id)).toBe('idle');
  });
});
