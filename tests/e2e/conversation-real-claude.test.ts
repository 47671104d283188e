// The session's whole story with the real Claude Code CLI (scripted Messages API): a turn that
// runs a command and answers in text; Claude Code's idle reminder (its Notification hook, the
// delay shortened through its own `messageIdleNotifThresholdMs` setting) leaves the session idle,
// so a task sent then is typed in and answered; the hub follows Claude Code's transcript file, so
// the prompt typed in, the tool call and its outcome, and both text replies are transcript
// entries, in order, with the context usage from the file's usage records; the page shows them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../protocol/permissions.js';
import type { TimelineEvent } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import type { TranscriptEntry } from '../../protocol/transcript.js';
import { chromiumPresent, launchChromium, openPage } from '../support/chromium.js';
import { JFK_WAV } from '../support/page-rig.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { screenOf, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import {
  lastUserText,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

const COMMAND = 'printf a > one.txt && printf b > two.txt && printf c > three.txt';
const TASK = 'Now run the tests.';
const USER_STATUS = 'my-own-status-line';
let api: ScriptedAnthropic;
let home: ClaudeHome;
let t: TestHub;

beforeAll(async () => {
  api = await startScriptedAnthropic({
    turns: [
      { toolUse: { name: 'Bash', input: { command: COMMAND, description: 'Make three files' } } },
      { text: 'Done, 3 files changed.' },
      { text: 'Tests pass.' },
    ],
  });
  home = await makeClaudeHome({
    apiKey: 'sk-ant-test-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
    // Claude Code's own setting (60 s by default): the idle reminder comes 1.5 s after a turn.
    claudeJson: { messageIdleNotifThresholdMs: 1_500 },
    // The person's own status line: the hub installs none, so theirs keeps showing.
    userSettings: { statusLine: { type: 'command', command: `printf '${USER_STATUS}'` } },
  });
  t = await startTestHub({ claudeBin: CLAUDE_BIN, inheritEnv: false, env: { ...home.env } });
});

afterAll(async () => {
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
});

async function events(id: string): Promise<TimelineEvent[]> {
  const response = await t.api('GET', `/api/events?session=${id}&since=0&limit=1000`);
  return ((await response.json()) as { events: TimelineEvent[] }).events;
}

async function transcript(id: string): Promise<TranscriptEntry[]> {
  const response = await t.api('GET', `/api/sessions/${id}/transcript`);
  return ((await response.json()) as { entries: TranscriptEntry[] }).entries;
}

describe("a real Claude Code session's whole story", () => {
  it('stays idle through the idle reminder, takes a task then, and shows replies, prompts and tools', async () => {
    const created = await t.api('POST', '/api/sessions', { name: 'story', prompt: 'Make three files.' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { session } = (await created.json()) as { session: Session };

    const request = await waitFor(
      'the permission request',
      async () => {
        const response = await t.api('GET', '/api/permissions?state=pending');
        return ((await response.json()) as { requests: PermissionRequest[] }).requests[0];
      },
      60_000,
    );
    expect((await t.api('POST', `/api/permissions/${request.id}`, { behavior: 'allow' })).status).toBe(200);
    await waitFor('idle after the turn', () => t.hub.sessions.record(session.id).state === 'idle', 60_000);
    expect(existsSync(join(session.cwd, 'three.txt'))).toBe(true);

    // Claude Code's idle reminder arrives; the session is still idle (not "waiting for you").
    await waitFor(
      'the idle notification',
      async () =>
        (await events(session.id)).some((e) => e.kind === 'notification' && e.data.type === 'idle_prompt'),
      30_000,
    );
    expect(t.hub.sessions.get(session.id).state).toBe('idle');
    expect((await events(session.id)).some((e) => e.kind === 'state' && e.data.to === 'waiting_input')).toBe(
      false,
    );

    // A task sent now is typed in and answered.
    const sent = await t.api('POST', `/api/sessions/${session.id}/messages`, { text: TASK });
    expect(sent.status).toBe(201);
    const third = await api.waitForMainRequest(2, 60_000);
    expect(lastUserText(third)).toContain(TASK);

    await waitFor(
      'both replies in the transcript',
      async () => (await transcript(session.id)).some((e) => e.kind === 'reply' && e.text === 'Tests pass.'),
      30_000,
    );
    const entries = await transcript(session.id);
    const story = entries.filter((e) => e.kind !== 'said').map((e) => [e.kind, e.role, e.text]);
    expect(story[0]).toEqual(['prompt', 'user', 'Make three files.']);
    expect(story).toContainEqual(['tool', 'assistant', COMMAND]);
    expect(story).toContainEqual(['reply', 'assistant', 'Done, 3 files changed.']);
    const tool = entries.find((e) => e.kind === 'tool');
    const result = entries.find((e) => e.kind === 'tool_result');
    expect(tool?.tool).toMatchObject({ name: 'Bash', input: { command: COMMAND } });
    expect(result?.tool).toMatchObject({ toolUseId: tool?.tool?.toolUseId, name: 'Bash', isError: false });
    const order = (kind: string, text?: string) =>
      entries.findIndex((e) => e.kind === kind && (text === undefined || e.text.includes(text)));
    expect(order('tool')).toBeLessThan(order('tool_result'));
    expect(order('tool_result')).toBeLessThan(order('reply', 'Done'));
    expect(order('reply', 'Done')).toBeLessThan(order('prompt', TASK));
    expect(order('prompt', TASK)).toBeLessThan(order('reply', 'Tests pass.'));
    // Each entry once, whatever the number of hooks and polls that read the file.
    expect(entries.filter((e) => e.kind === 'reply' && e.text === 'Done, 3 files changed.')).toHaveLength(1);
    // Context usage comes from the file's usage records too, not from a status line of the hub's.
    expect(t.hub.sessions.get(session.id).contextPercent).not.toBeNull();
    const settingsPath = join(t.config.dataDir, 'sessions', session.id, 'settings.json');
    const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as Record<string, unknown>;
    expect(settings.statusLine).toBeUndefined();
    await waitFor("the person's own status line on the screen", () =>
      screenOf(t.config.tmuxSocket, session.tmuxSession).includes(USER_STATUS),
    );
    // The state hooks were Claude Code's own HTTP hooks (no process per event).
    const hooks = settings.hooks as Record<string, { hooks: { type: string }[] }[]>;
    expect(hooks.Stop?.[0]?.hooks[0]?.type).toBe('http');
    expect(hooks.PermissionRequest?.[0]?.hooks[0]?.type).toBe('http');

    // And in the page: the replies, the task typed in, the tool call.
    if (!chromiumPresent) return;
    const browser = await launchChromium({ micWav: JFK_WAV });
    try {
      const { page, problems } = await openPage(browser, t.loginUrl());
      await page.locator(`[data-testid="session-tab"][data-session-id="${session.id}"]`).click();
      const conversation = page.getByTestId('transcript');
      await conversation.getByText('Done, 3 files changed.').first().waitFor();
      await conversation.getByText('Tests pass.').first().waitFor();
      await conversation.getByText(TASK).first().waitFor();
      // The tool run, collapsed: its one line names the tool.
      await conversation
        .getByText(/Ran 1 tool: Bash/)
        .first()
        .waitFor();
      expect(problems.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
