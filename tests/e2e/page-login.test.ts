// The page logs in the way Jupyter does (issue 12): a plain visit asks to run `switchboard open`
// or paste the token; the login link `npm start` prints logs the browser in once and for all; the
// browser keeps a login of its own, never the hub token, and the link is spent.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, requireChromiumOrWarn } from '../support/chromium.js';
import { startTestHub, type TestHub } from '../support/hub-harness.js';
import { JFK_WAV } from '../support/page-rig.js';

const run = requireChromiumOrWarn();

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestHub();
  browser = await launchChromium({ micWav: JFK_WAV });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
});

/** Everything this origin keeps in localStorage, as one string. */
const storageOf = (page: Page) =>
  page.evaluate<string>('JSON.stringify(Object.fromEntries(Object.entries(localStorage)))');

describe.runIf(run)('logging the page in', () => {
  it('asks on a plain visit, with the command that logs in', async () => {
    const { page, problems, context } = await openPage(browser, t.url);
    const form = page.getByTestId('token-form');
    await form.waitFor();
    expect(await form.textContent()).toContain('switchboard open');
    expect(await page.content()).not.toContain(t.hub.token);
    expect(problems.errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('logs in from the login link, keeps the login across reloads, and spends the link', async () => {
    const link = t.loginUrl();
    const { page, problems, context } = await openPage(browser, link);
    await page.getByRole('heading', { name: 'No sessions yet' }).waitFor();
    // The spent code is out of the address bar; the browser keeps a login, not the token.
    expect(page.url()).toBe(`${t.url}/`);
    const stored = await storageOf(page);
    expect(stored).toContain('switchboard-login');
    expect(stored).not.toContain(t.hub.token);
    await page.reload();
    await page.getByRole('heading', { name: 'No sessions yet' }).waitFor();
    expect(problems.errors).toEqual([]);

    // The same link in another browser (profile) is refused, and says what to do.
    const other = await openPage(browser, link);
    const form = other.page.getByTestId('token-form');
    await form.waitFor();
    expect(await form.getByRole('alert').textContent()).toMatch(/used already.*switchboard open/);
    await other.context.close();
    await context.close();
  });

  it('logs in with the token pasted once, and keeps only a login', async () => {
    const { page, context } = await openPage(browser, t.url);
    await page.getByLabel('Token').fill('wrong-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Wrong token/);
    await page.getByLabel('Token').fill(t.hub.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'No sessions yet' }).waitFor();
    expect(await storageOf(page)).not.toContain(t.hub.token);
    await context.close();
  });
});
