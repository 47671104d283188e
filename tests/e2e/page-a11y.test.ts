// The page's accessibility basics, measured in chromium: every control in the accessibility tree
// (Chromium's own computed names, over CDP) has a name; Tab reaches every control, each with a
// visible focus indicator; and a normal run logs no console errors. Desktop and phone sizes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { launchChromium, openPage, requireChromiumOrWarn } from '../support/chromium.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

const JFK = new URL('../../../shared/audio/jfk.wav', import.meta.url).pathname;
const run = requireChromiumOrWarn();
const CONTROL_ROLES = new Set([
  'button',
  'textbox',
  'combobox',
  'checkbox',
  'link',
  'tab',
  'switch',
  'menuitem',
  'slider',
]);

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestHub();
  for (const name of ['alpha', 'beta', 'stopped']) {
    const { session } = (await (await t.api('POST', '/api/sessions', { name })).json()) as {
      session: Session;
    };
    await waitFor(`${name} ready`, () => t.hub.sessions.record(session.id).state === 'ready');
    if (name === 'stopped') await t.api('DELETE', `/api/sessions/${session.id}`);
  }
  browser = await launchChromium({ micWav: JFK });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
});

/** Controls in Chromium's accessibility tree without a name: what a screen reader would call "button". */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
  };
  return nodes
    .filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? ''))
    .filter((n) => (n.name?.value ?? '').trim() === '')
    .map((n) => n.role?.value ?? '?');
}

/**
 * Runs in the page (a string, since this file is compiled without the DOM's types): the focused
 * element inside open shadow roots, its test id (or its component's), and whether its focus shows.
 * It blurs the element to compare; the next Tab still goes on from there.
 */
const FOCUSED_CONTROL = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return { what: 'body', visible: true };
  // Focus shows when the outline or the shadow differs from the same element unfocused.
  const look = () => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return (outline ? style.outlineStyle + style.outlineWidth + style.outlineColor : '') + '|' + style.boxShadow;
  };
  const focused = look();
  el.blur();
  const visible = focused !== look();
  let holder = el;
  while (holder && !holder.hasAttribute('data-testid')) {
    holder = holder.parentElement || holder.getRootNode().host || null;
  }
  const testId = holder ? holder.getAttribute('data-testid') : '';
  return { what: el.tagName.toLowerCase() + '[' + testId + ']', visible };
})()`;

/** Tabs through the page; for each focused control: its description and whether focus is visible. */
async function tabThrough(page: Page, steps: number) {
  const seen: { what: string; visible: boolean }[] = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate<{ what: string; visible: boolean }>(FOCUSED_CONTROL));
  }
  return seen;
}

describe.runIf(run)('accessibility basics of the page', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`names every control and shows focus on each, at ${viewport.width}x${viewport.height}`, async () => {
      const { context, page, problems } = await openPage(browser, t.loginUrl(), viewport);
      try {
        await page.getByTestId('session-tab').first().waitFor();
        await page.getByTestId('enable-audio').click();
        expect(await unnamedControls(page)).toEqual([]);

        const focused = await tabThrough(page, 45);
        const controls = focused.filter((f) => f.what !== 'body');
        expect(controls.length).toBeGreaterThan(8);
        expect(controls.filter((f) => !f.visible).map((f) => f.what)).toEqual([]);
        // The main controls are in the tab order.
        for (const id of ['new-session', 'session-tab', 'mic-button', 'hands-free-toggle', 'reply-input']) {
          expect(
            controls.some((f) => f.what.includes(`[${id}]`)),
            `${id} reachable by Tab`,
          ).toBe(true);
        }
        // The roster and the inbox too.
        await page.getByTestId('roster-view-toggle').click();
        await page.getByTestId('roster').waitFor();
        expect(await unnamedControls(page)).toEqual([]);
        await page.getByTestId('inbox-toggle').click();
        expect(await unnamedControls(page)).toEqual([]);
        // Past sessions, with one stopped session in it (its Resume disabled: nothing was said).
        await page.getByTestId('past-view-toggle').click();
        await page.getByTestId('past-session').first().waitFor();
        expect(await unnamedControls(page)).toEqual([]);
        expect(problems.errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
