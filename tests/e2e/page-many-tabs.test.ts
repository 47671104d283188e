// Twelve sessions in the tab strip (issue 13, point 7): at seven the strip used to scroll sideways
// with tiny glyphs. Now every tab stays on screen, readable and clickable, at the desk and on a
// 390 px phone, with its state dot showing. And the New session dialog speaks of "Folder".
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { requireChromiumOrWarn } from '../support/chromium.js';
import { startPageRig, type PageRig } from '../support/page-rig.js';

const run = requireChromiumOrWarn();
const NAMES = [
  'api-service',
  'web-frontend',
  'billing',
  'docs-site',
  'infra-terraform',
  'mobile-app',
  'search-indexer',
  'auth',
  'data-pipeline',
  'notifications',
  'admin-console',
  'load-tests',
];

let rig: PageRig | undefined;
const sessions: Session[] = [];
beforeAll(async () => {
  if (!run) return;
  rig = await startPageRig();
  for (const name of NAMES) {
    const answer = await rig.hub.api('POST', '/api/sessions', { name, command: 'sleep 600' });
    sessions.push(((await answer.json()) as { session: Session }).session);
  }
}, 90_000);
afterAll(async () => {
  await rig?.dispose();
});

type Layout = {
  viewport: number;
  pageScrolls: boolean;
  stripScrolls: boolean;
  tabs: {
    left: number;
    right: number;
    height: number;
    fontPx: number;
    nameShown: boolean;
    dotShown: boolean;
  }[];
};

/** Where each tab is, how big its name is written, and whether anything scrolls sideways (run in the page). */
const LAYOUT = `(() => {
  const tabs = document.querySelector('sb-app').shadowRoot.querySelector('sb-tabs').shadowRoot;
  const list = tabs.querySelector('[role="tablist"]');
  return {
    viewport: window.innerWidth,
    pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
    stripScrolls: list.scrollWidth > list.clientWidth,
    tabs: [...tabs.querySelectorAll('[role="tab"]')].map((tab) => {
      const box = tab.getBoundingClientRect();
      const name = tab.querySelector('.name');
      const dot = tab.querySelector('.dot').getBoundingClientRect();
      return {
        left: box.left,
        right: box.right,
        height: box.height,
        fontPx: Number.parseFloat(getComputedStyle(name).fontSize),
        nameShown: name.getBoundingClientRect().width > 20,
        dotShown: dot.width > 0 && dot.height > 0,
      };
    }),
  };
})()`;

async function layout(page: Page): Promise<Layout> {
  return (await page.evaluate(LAYOUT)) as Layout;
}

describe.runIf(run)('twelve sessions in the tab strip', () => {
  for (const width of [1280, 390]) {
    it(`all fit on screen at ${width} px, readable, each clickable, none scrolling sideways`, async () => {
      const { page, problems } = rig!;
      await page.setViewportSize({ width, height: 844 });
      const tab = (s: Session) => page.locator(`[data-testid="session-tab"][data-session-id="${s.id}"]`);
      await expect.poll(() => page.locator('[data-testid="session-tab"]').count()).toBe(NAMES.length);

      const seen = await layout(page);
      expect(seen.pageScrolls).toBe(false);
      expect(seen.stripScrolls).toBe(false);
      for (const t of seen.tabs) {
        expect(t.left).toBeGreaterThanOrEqual(0);
        expect(t.right).toBeLessThanOrEqual(seen.viewport);
        expect(t.fontPx).toBeGreaterThanOrEqual(12);
        expect(t.height).toBeGreaterThanOrEqual(36);
        expect(t.nameShown).toBe(true);
        expect(t.dotShown).toBe(true);
      }
      // Each answers a click: the first, the last, one between.
      for (const s of [sessions[0]!, sessions.at(-1)!, sessions[6]!]) {
        await tab(s).click();
        await expect.poll(() => tab(s).getAttribute('aria-selected')).toBe('true');
        await page.getByRole('heading', { name: s.name }).waitFor();
      }
      expect(problems.errors).toEqual([]);
    });
  }

  it('New session names the Folder field in its error, in the words that were typed', async () => {
    const { page } = rig!;
    await page.setViewportSize({ width: 1280, height: 844 });
    await page.getByRole('button', { name: 'New session' }).first().click();
    await page.getByTestId('new-session-folder').fill('~/no-such-project');
    await page.getByTestId('new-session-submit').click();
    const error = page.getByTestId('new-session-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Folder does not exist: "~/no-such-project"');
  });
});
