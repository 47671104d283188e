// Delivery into a real Claude Code session (scripted Messages API): a message sent while the
// session is busy waits in its inbox, is typed in only after the turn's Stop hook, exactly once,
// and Claude's reply to it comes back on the timeline as an outbound event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxMessage, TimelineEvent } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import {
  lastUserText,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

const TASK = 'Please also update the changelog.';
let api: ScriptedAnthropic;
let home: ClaudeHome;
let t: TestHub;
let releaseFirstTurn: () => void = () => undefined;

beforeAll(async () => {
  const firstTurnHeld = new Promise<void>((done) => (releaseFirstTurn = done));
  api = await startScriptedAnthropic({
    turns: [
      // The first turn stays busy until the test lets it finish.
      async () => {
        await firstTurnHeld;
        return { text: 'Refactor finished.' };
      },
      { text: 'Changelog updated.' },
    ],
  });
  home = await makeClaudeHome({
    apiKey: 'sk-ant-test-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
  });
  t = await startTestHub({ claudeBin: CLAUDE_BIN, inheritEnv: false, env: { ...home.env } });
});

afterAll(async () => {
  releaseFirstTurn();
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
});

async function events(id: string): Promise<TimelineEvent[]> {
  return (
    (await (await t.api('GET', `/api/events?session=${id}&since=0&limit=1000`)).json()) as {
      events: TimelineEvent[];
    }
  ).events;
}

describe('messages into a real Claude Code session', () => {
  it('types a message sent while busy only after the Stop hook, exactly once', async () => {
    const created = await t.api('POST', '/api/sessions', { name: 'busy', prompt: 'Refactor the parser.' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { session } = (await created.json()) as { session: Session };
    await waitFor('busy', () => t.hub.sessions.record(session.id).state === 'busy', 60_000);

    const sent = await t.api('POST', `/api/sessions/${session.id}/messages`, {
      text: TASK,
      from: 'orchestrator',
    });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: InboxMessage };
    // Busy: it waits in the inbox, not typed in.
    await new Promise((done) => setTimeout(done, 1_000));
    expect((await events(session.id)).some((e) => e.kind === 'message_delivered')).toBe(false);
    expect(api.mainRequests).toHaveLength(1);

    releaseFirstTurn();
    const second = await api.waitForMainRequest(1, 60_000);
    expect(lastUserText(second)).toContain(TASK);
    expect(lastUserText(second)).toContain(`message ${message.id}`);

    await waitFor(
      'the reply on the timeline',
      async () =>
        (await events(session.id)).some(
          (e) => e.kind === 'message_out' && e.data.text === 'Changelog updated.',
        ),
      60_000,
    );
    const timeline = await events(session.id);
    const kinds = timeline.map((e) => e.kind);
    const firstReply = timeline.findIndex(
      (e) => e.kind === 'message_out' && e.data.text === 'Refactor finished.',
    );
    const delivered = kinds.indexOf('message_delivered');
    expect(firstReply).toBeGreaterThanOrEqual(0);
    expect(delivered).toBeGreaterThan(firstReply); // typed in after the first turn's Stop
    expect(kinds.filter((k) => k === 'message_delivered')).toHaveLength(1);
    // Exactly once: no later request carries the task again.
    expect(api.mainRequests.filter((r) => lastUserText(r)?.includes(TASK))).toHaveLength(1);
  });
});
