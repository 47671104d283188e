// Two sessions speak at once, in a real browser: the first plays, the second is queued and its tab
// is badged, then (hands-free) the page plays it, announced by name. Sessions run the stand-in
// CLI (fake-claude.mjs) and the engines have a fixed cost, so the page's behaviour is what is tested.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { requireChromiumOrWarn, type PageProblems } from '../support/chromium.js';
import { startPageRig, type PageRig } from '../support/page-rig.js';
import { spawnReady, screenOf, typeLine, waitFor, type TestHub } from '../support/hub-harness.js';

const run = requireChromiumOrWarn();

let t: TestHub;
let rig: PageRig | undefined;
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

const tabOf = (s: Session) => page.locator(`[data-testid="session-tab"][data-session-id="${s.id}"]`);

describe.runIf(run)('two sessions speaking at once, in the page', () => {
  it('plays the first, badges and queues the second, then plays it announced', async () => {
    await page.getByTestId('enable-audio').click();
    const alpha = await spawnReady(t, 'alpha');
    const beta = await spawnReady(t, 'beta');
    await tabOf(beta).waitFor();
    await tabOf(alpha).click();
    if ((await page.getByTestId('hands-free-toggle').getAttribute('aria-pressed')) !== 'true') {
      await page.getByTestId('hands-free-toggle').click();
    }

    typeLine(
      t.config.tmuxSocket,
      alpha.tmuxSession,
      'converse Alpha has a long question for you. It goes on.',
    );
    await expect.poll(() => tabOf(alpha).getAttribute('data-state'), { timeout: 20_000 }).toBe('speaking');
    typeLine(t.config.tmuxSocket, beta.tmuxSession, 'converse Beta is waiting.');

    // While alpha holds the floor, beta waits with a badge on its tab.
    await expect.poll(() => tabOf(beta).getAttribute('data-badge'), { timeout: 20_000 }).toBe('true');
    expect(await tabOf(alpha).getAttribute('data-state')).toMatch(/speaking|listening/);

    await waitFor(
      'alpha answered',
      () => screenOf(t.config.tmuxSocket, alpha.tmuxSession).includes('answer: sounds good'),
      60_000,
    );
    // Then beta plays, announced by its name, and is answered too.
    await expect
      .poll(() => tabOf(beta).getAttribute('data-state'), { timeout: 30_000 })
      .toMatch(/speaking|listening/);
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="announcement"]')
            .allTextContents()
            .then((t) => t.join(' ')),
        {
          timeout: 10_000,
        },
      )
      .toContain('beta says');
    await waitFor(
      'beta answered',
      () => screenOf(t.config.tmuxSocket, beta.tmuxSession).includes('answer: sounds good'),
      60_000,
    );
    await expect.poll(() => tabOf(beta).getAttribute('data-badge'), { timeout: 10_000 }).not.toBe('true');

    // alpha asks nothing now: what the person types goes to its inbox and is typed in when idle.
    await tabOf(alpha).click();
    await page.getByTestId('reply-input').fill('Run the linter, please.');
    await page.getByTestId('reply-input').press('Enter');
    await waitFor('the message typed into alpha', () =>
      /echo: \[task from page, message \d+\]/.test(screenOf(t.config.tmuxSocket, alpha.tmuxSession)),
    );
    await expect
      .poll(() =>
        page
          .locator('[data-testid="transcript-entry"][data-role="user"]')
          .allTextContents()
          .then((x) => x.join(' ')),
      )
      .toContain('Run the linter, please.');
    expect(problems.errors).toEqual([]);
  });
});
