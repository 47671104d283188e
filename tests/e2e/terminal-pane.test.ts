// A session's terminal in the real page (dist/web, served by a real hub), against the real bridge:
// shell-only sessions, keys typed into xterm.js, the commands' output read back from xterm's DOM
// rows. Run `npm run build` first: the page under test is the built one.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { launchChromium, openPage, requireChromiumOrWarn } from '../support/chromium.js';
import { screenOf, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const JFK = join(ROOT, '..', 'shared', 'audio', 'jfk.wav');
const PHONE = { width: 390, height: 844 };
const run = requireChromiumOrWarn();

let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  t = await startTestHub();
  browser = await launchChromium({ micWav: JFK });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
});

/** A shell-only session: bash with a prompt the test can find. */
async function shell(name: string): Promise<Session> {
  const response = await t.api('POST', '/api/sessions', {
    name,
    command: "PS1='pane$ ' exec bash --norc --noprofile",
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { session: Session }).session;
}

/** The page, with the session's tab clicked; the pane's events are kept in `window.paneEvents`. */
async function openSession(session: Session, viewport?: { width: number; height: number }) {
  const opened = await openPage(browser, t.loginUrl(), viewport);
  await opened.page.locator(`[data-testid="session-tab"][data-session-id="${session.id}"]`).click();
  await recordPaneEvents(opened.page);
  return opened;
}

/** The pane's events bubble out of every shadow root to the document (its contract says so). */
function recordPaneEvents(page: Page): Promise<void> {
  return page.evaluate(`
    window.paneEvents = [];
    for (const type of ['sb-terminal-status', 'sb-terminal-writable', 'sb-terminal-toggle']) {
      document.addEventListener(type, (event) => window.paneEvents.push({ type, detail: event.detail }));
    }`);
}

/** The test id of what has focus, looking through shadow roots. */
const focusedTestId = (page: Page) =>
  page.evaluate(`(() => {
    let at = document.activeElement;
    while (at && at.shadowRoot && at.shadowRoot.activeElement) at = at.shadowRoot.activeElement;
    return at ? at.getAttribute('data-testid') : null;
  })()`) as Promise<string | null>;

const paneEvents = (page: Page) => page.evaluate('JSON.stringify(window.paneEvents)') as Promise<string>;

/** The lines xterm's DOM renderer shows, as text (playwright's CSS goes through shadow roots). */
function rows(page: Page): Promise<string[]> {
  return page
    .locator('sb-terminal-pane .xterm-rows > div')
    .allInnerTexts()
    .then((lines) => lines.map((line) => line.replace(/\u00a0/g, ' ').trimEnd()));
}

const status = (page: Page) => page.getByTestId('terminal-status').getAttribute('data-state');
const toggle = (page: Page) => page.getByTestId('terminal-toggle');

async function waitOpen(page: Page, typing: boolean): Promise<void> {
  await expect.poll(() => status(page), { timeout: 20_000 }).toBe('open');
  await expect
    .poll(() => page.getByTestId('terminal-status').innerText(), { timeout: 20_000 })
    .toBe(typing ? 'Live · typing' : 'Live · read-only');
  await expect
    .poll(async () => (await rows(page)).some((r) => r.startsWith('pane$')), { timeout: 20_000 })
    .toBe(true);
}

/** "Type", then wait for the write connection: keys before it would be dropped. */
async function startTyping(page: Page): Promise<void> {
  await page.getByTestId('terminal-write').click();
  await waitOpen(page, true);
}

/**
 * Typed where focus is (the terminal, after "Type" or a click on its screen), then its output on
 * a line of its own (the typed line holds the words too). A viewer wider than the session (after
 * "Fit") shows tmux's border and dots to the right of it, after spaces.
 */
async function typeAndSee(page: Page, command: string, output: string): Promise<void> {
  await page.keyboard.type(`${command}\n`);
  const shown = async () => (await rows(page)).some((r) => r === output || r.startsWith(`${output} `));
  await expect.poll(shown, { timeout: 20_000 }).toBe(true);
}

async function box(page: Page, testId: string) {
  const found = await page.getByTestId(testId).boundingBox();
  if (found === null) throw new Error(`${testId} is not on screen`);
  return found;
}

describe.runIf(run)('a session terminal in the page', () => {
  it('opens beside the conversation, read-only until "Type", and runs what is typed into it', async () => {
    const session = await shell('shell');
    const other = await shell('other');
    const { page, problems, context } = await openSession(session);
    await toggle(page).click();
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('true');
    await waitOpen(page, false);

    // Docked beside the conversation, half and half.
    const conversation = await page.locator('sb-conversation').boundingBox();
    const dock = await box(page, 'terminal-dock');
    expect(dock.x).toBeGreaterThanOrEqual((conversation?.x ?? 0) + (conversation?.width ?? 0) - 1);
    expect(dock.width).toBeGreaterThan(1280 * 0.4);
    expect((await box(page, 'terminal-pane')).x).toBeGreaterThanOrEqual(dock.x);
    // The bar between them moves: by keyboard (5% a step), and dragged.
    const handle = page.getByRole('separator', { name: 'Terminal width' });
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await handle.getAttribute('aria-valuenow')).toBe('60');
    await expect.poll(async () => Math.round((await box(page, 'terminal-dock')).width)).toBe(768);
    const bar = await handle.boundingBox();
    await page.mouse.move((bar?.x ?? 0) + 4, 500);
    await page.mouse.down();
    await page.mouse.move(1280 * 0.7, 500, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await box(page, 'terminal-dock')).width)).toBe(384);
    expect(await page.evaluate(`localStorage.getItem('switchboard-terminal-share')`)).toBe('30');

    // Read-only: what is typed goes nowhere. Keys inside the pane are the terminal's, not the
    // page's shortcuts: Alt+2 (readline's digit argument) does not switch to the second tab, from
    // the screen or from the pane's toolbar, and Space does not "tap" the locked microphone.
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.type('echo blocked-$((1+1))\n');
    await page.keyboard.press('Alt+2');
    await page.getByTestId('terminal-write').focus();
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Escape');
    const selected = page.locator('[data-testid="session-tab"][aria-selected="true"]');
    expect(await selected.getAttribute('data-session-id')).toBe(session.id);
    expect(other.id).not.toBe(session.id);
    expect(await page.getByTestId('enable-audio').isVisible()).toBe(true);

    await startTyping(page);
    expect(await paneEvents(page)).toContain('"writable":true');
    await typeAndSee(page, 'echo hello-from-pane', 'hello-from-pane');
    expect(screenOf(t.config.tmuxSocket, session.tmuxSession)).not.toContain('blocked');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('remembers per session that it was open, zooms per session, and pops out into a window', async () => {
    const session = await shell('remembered');
    const { page, problems, context } = await openSession(session);
    await toggle(page).click();
    await waitOpen(page, false);
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    const key = `switchboard.terminal.fontSize.${session.id}`;
    expect(await page.evaluate(`localStorage.getItem(${JSON.stringify(key)})`)).toBe('15');

    // Reloaded: the same session is selected and its terminal is open again, read-only.
    await page.reload();
    await waitOpen(page, false);
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Text size').innerText()).toBe('15px');

    // "Pop out": the terminal alone in a window; the page's docked one closes.
    const popupErrors: string[] = [];
    context.on('page', (opened) => {
      opened.on('console', (m) => void (m.type() === 'error' && popupErrors.push(`console: ${m.text()}`)));
      opened.on('pageerror', (e) => popupErrors.push(`page error: ${e.message}`));
    });
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('terminal-popout').click(),
    ]);
    expect(new URL(popup.url()).search).toBe(`?terminal=${session.id}`);
    await expect.poll(() => toggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('terminal-dock').count()).toBe(0);
    // Focus is back on the toggle that opened it.
    expect(await focusedTestId(page)).toBe('terminal-toggle');

    await waitOpen(popup, false);
    await expect.poll(() => popup.title()).toBe('remembered · terminal · Switchboard');
    expect(await popup.locator('sb-app').count()).toBe(0);
    const viewport = popup.viewportSize();
    const pane = await box(popup, 'terminal-dock');
    expect(pane.width).toBe(viewport?.width);
    expect(pane.height).toBe(viewport?.height);
    expect(await popup.getByLabel('Text size').innerText()).toBe('15px');
    // "Fit" picks the text size at which the session's whole 200x50 window (and tmux's status
    // line) is on screen, instead of the part around the cursor.
    await popup.getByRole('button', { name: 'Fit the whole session' }).click();
    // Both at once: xterm has the new rows a moment before tmux's redraw of the full width fills them.
    const wholeWindow = async () => {
      const shown = await rows(popup);
      return { rows: shown.length >= 51, width: Math.max(0, ...shown.map((row) => row.length)) >= 190 };
    };
    await expect.poll(wholeWindow, { timeout: 20_000 }).toEqual({ rows: true, width: true });
    await startTyping(popup);
    await typeAndSee(popup, 'echo popped-$((4+4))', 'popped-8');

    // Closed is remembered too.
    await page.reload();
    await expect.poll(() => toggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('terminal-dock').count()).toBe(0);
    expect([...problems.errors, ...popupErrors]).toEqual([]);
    await context.close();
  });

  it('reconnects with a fresh ticket when its tmux client goes away', async () => {
    const session = await shell('reconnects');
    const { page, problems, context } = await openSession(session);
    await toggle(page).click();
    await waitOpen(page, false);
    await startTyping(page);
    // Detach the pane's tmux client behind its back: the bridge closes, the pane comes back.
    execFileSync('tmux', ['-L', t.config.tmuxSocket, 'detach-client', '-s', `=${session.tmuxSession}`]);
    await waitFor('a reconnection', async () => (await paneEvents(page)).includes('"state":"reconnecting"'));
    await waitOpen(page, true);
    await page.getByTestId('terminal-screen').click();
    await typeAndSee(page, 'echo back-$((3+3))', 'back-6');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('records the terminal on request and downloads the recording with the token', async () => {
    const session = await shell('recorded');
    const { page, problems, context } = await openSession(session);
    await toggle(page).click();
    await waitOpen(page, false);
    const rec = page.getByTestId('terminal-record');
    expect(await rec.getAttribute('aria-pressed')).toBe('false');
    await rec.click();
    await expect.poll(() => rec.getAttribute('aria-pressed')).toBe('true');
    await startTyping(page);
    await typeAndSee(page, 'echo on-tape', 'on-tape');

    await page.locator('[data-testid="terminal-recordings"] summary').click();
    const download = page.getByTestId('terminal-recording-download');
    await expect.poll(() => download.count()).toBe(1);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^recorded-.+\.cast$/);
    const cast = readFileSync(await file.path(), 'utf8');
    expect(JSON.parse(cast.split('\n')[0] ?? '')).toMatchObject({ version: 2 });
    await rec.click();
    await expect.poll(() => rec.getAttribute('aria-pressed')).toBe('false');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it("covers a phone's screen, and closes back to the conversation", async () => {
    const session = await shell('phone');
    const { page, problems, context } = await openSession(session, PHONE);
    await toggle(page).click();
    await waitOpen(page, false);
    expect(await box(page, 'terminal-dock')).toEqual({ x: 0, y: 0, ...PHONE });
    // Focus went into it, on the way out.
    await expect.poll(() => focusedTestId(page)).toBe('terminal-close');
    await startTyping(page);
    await typeAndSee(page, 'echo small-$((5+5))', 'small-10');
    await page.getByTestId('terminal-close').click();
    await expect.poll(() => page.getByTestId('terminal-dock').count()).toBe(0);
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => focusedTestId(page)).toBe('terminal-toggle');
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
