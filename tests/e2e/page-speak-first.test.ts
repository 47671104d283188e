// Issue 13, points 4 and 5, in the real page: the person speaks first to the session on screen
// (hold Space with nothing waiting: recorded, transcribed by the stand-in STT, shown, then sent
// as the person's prompt unless cancelled), and with hands-free off a spoken question waits for
// a tap before the microphone opens. Chromium's microphone plays jfk.wav.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import { requireChromiumOrWarn, type PageProblems } from '../support/chromium.js';
import { screenOf, spawnReady, typeLine, waitFor, type TestHub } from '../support/hub-harness.js';
import { startPageRig, type PageRig } from '../support/page-rig.js';

const run = requireChromiumOrWarn();

let rig: PageRig | undefined;
let t: TestHub;
let page: Page;
let problems: PageProblems;
beforeAll(async () => {
  if (!run) return;
  rig = await startPageRig();
  ({ hub: t, page, problems } = rig);
}, 60_000);
afterAll(async () => {
  await rig?.dispose();
});

const mic = () => page.getByTestId('mic-button');
const tabOf = (s: Session) => page.locator(`[data-testid="session-tab"][data-session-id="${s.id}"]`);
const messagesOf = async (s: Session) =>
  ((await (await t.api('GET', `/api/sessions/${s.id}/messages`)).json()) as { messages: InboxMessage[] })
    .messages;

/** Holds Space while jfk.wav plays into the microphone, then lets go (hold to talk). */
async function holdToTalk(): Promise<void> {
  // Space talks only when no control has the focus (on a button it presses the button).
  await page.evaluate(
    'let el = document.activeElement; while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement; el?.blur()',
  );
  await page.keyboard.down('Space');
  await expect.poll(() => mic().getAttribute('data-state'), { timeout: 20_000 }).toBe('listening');
  await page.waitForTimeout(2_500); // the first words of jfk.wav
  await page.keyboard.up('Space');
}

describe.runIf(run)('speaking first, in the page', () => {
  it('sends what the person said to the session on screen, and lets them take it back', async () => {
    await page.getByTestId('enable-audio').click();
    const worker = await spawnReady(t, 'worker');
    await tabOf(worker).click();
    expect(await mic().getAttribute('aria-label')).toBe('Talk to worker');

    await holdToTalk();
    const pending = page.getByTestId('dictation');
    await pending.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('dictation-text').textContent()).toBe('sounds good');
    expect(await pending.textContent()).toContain('To worker:');
    // It goes by itself after a moment: typed into the session as the person's prompt.
    await waitFor('the prompt typed in', () =>
      screenOf(t.config.tmuxSocket, worker.tmuxSession).includes('sounds good'),
    );
    const sent = await messagesOf(worker);
    expect(sent.map((m) => [m.from, m.kind, m.text])).toEqual([['page', 'task', 'sounds good']]);
    await expect
      .poll(() => page.locator('[data-testid="transcript-entry"][data-role="user"]').allTextContents())
      .toContainEqual(expect.stringContaining('sounds good'));

    // Taken back: Cancel, and nothing is sent. Then Send now sends the next one at once.
    await holdToTalk();
    await page.getByTestId('dictation-cancel').click();
    await pending.waitFor({ state: 'detached' });
    await holdToTalk();
    await page.getByTestId('dictation-send').click();
    await waitFor('the second prompt', async () => (await messagesOf(worker)).length === 2);
    expect((await messagesOf(worker)).length).toBe(2);
    expect(problems.errors).toEqual([]);
  });

  it('with hands-free off, opens the microphone for a question only on a tap', async () => {
    const asker = await spawnReady(t, 'asker');
    await tabOf(asker).click();
    const toggle = page.getByTestId('hands-free-toggle');
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
    typeLine(t.config.tmuxSocket, asker.tmuxSession, 'converse Which branch?');
    await expect.poll(() => mic().getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await mic().getAttribute('aria-label')).toBe('Answer asker');
    await mic().click();
    await expect.poll(() => mic().getAttribute('data-state'), { timeout: 20_000 }).toBe('listening');
    await waitFor('the answer', () =>
      screenOf(t.config.tmuxSocket, asker.tmuxSession).includes('answer: sounds good'),
    );
    expect(problems.errors).toEqual([]);
  });
});
