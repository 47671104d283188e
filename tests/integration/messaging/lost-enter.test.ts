// A task typed into Claude Code whose Enter is lost (the real CLI, redrawing a resumed conversation,
// kept the text unsent in 2 runs of 7): the hub sees no turn start and presses Enter again, so the
// task is not left sitting in the input box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenOf, spawnReady, startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { FAKE_CLAUDE_LOSE_FIRST_ENTER: '1' } });
});
afterAll(async () => {
  await t?.dispose();
});

describe('a typed task whose Enter was lost', () => {
  it('is submitted by a second Enter, once', async () => {
    const s = await spawnReady(t, 'deaf');
    const sent = await t.api('POST', `/api/sessions/${s.id}/messages`, { text: 'run the tests' });
    expect(sent.status).toBe(201);
    await waitFor('the task typed but not sent', () =>
      screenOf(t.config.tmuxSocket, s.tmuxSession).includes('(typed, not sent: run the tests)'),
    );
    await waitFor(
      'the task submitted',
      () => screenOf(t.config.tmuxSocket, s.tmuxSession).includes('echo: [task from api'),
      10_000,
    );
    await waitFor('idle after its turn', () => t.hub.sessions.get(s.id).state === 'idle');
    const screen = screenOf(t.config.tmuxSocket, s.tmuxSession);
    expect(screen.match(/echo: \[task from api/g)).toHaveLength(1);
  });
});
