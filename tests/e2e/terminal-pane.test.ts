// The terminal pane in a real browser, against the real hub and bridge: a shell-only session,
// keys typed into xterm.js, the command's output read back from xterm's DOM rows. The pane is
// built on its own (Vite library mode) and mounted by a small harness page that the browser
// loads from the hub's origin (intercepted by playwright), so the Origin check is the real one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { launchChromium, requireChromiumOrWarn, type PageProblems } from '../support/chromium.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const JFK = join(ROOT, '..', 'shared', 'audio', 'jfk.wav');
const run = requireChromiumOrWarn();

let t: TestHub;
let bundleDir: string;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  bundleDir = mkdtempSync(join(tmpdir(), 'sb-pane-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: join(ROOT, 'web/app/terminal/sb-terminal-pane.ts'),
        formats: ['es'],
        fileName: () => 'pane.js',
      },
    },
  });
  t = await startTestHub();
  browser = await launchChromium({ micWav: JFK });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
});

async function shell(name: string): Promise<Session> {
  const response = await t.api('POST', '/api/sessions', {
    name,
    command: "PS1='pane$ ' exec bash --norc --noprofile",
  });
  return ((await response.json()) as { session: Session }).session;
}

/**
 * A page of the hub's own origin (its /health document, replaced by a small harness) with one
 * pane mounted for `session`. The document really comes from the hub on loopback, so the
 * browser's origin and local-network checks are the ones the real page meets.
 */
async function openPane(
  session: Session,
  writable: boolean,
  context?: BrowserContext,
): Promise<{ page: Page; problems: PageProblems }> {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1000, height: 700 } }));
  // The health document has no icon: the browser's request for one is not the pane's problem.
  await ctx.route(`${t.url}/favicon.ico`, (route) => route.fulfill({ status: 204 }));
  const page = await ctx.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  await page.goto(`${t.url}/health`);
  await page.setContent(
    '<body style="margin:0"><div id="host" style="width:900px;height:520px"></div></body>',
  );
  await page.addScriptTag({ type: 'module', content: readFileSync(join(bundleDir, 'pane.js'), 'utf8') });
  await page.addScriptTag({
    type: 'module',
    content: `
      const pane = document.createElement('sb-terminal-pane');
      pane.sessionId = ${JSON.stringify(session.id)};
      pane.writable = ${writable};
      pane.getTicket = async (write, id) => {
        const response = await fetch('/api/sessions/' + id + '/terminal-ticket', {
          method: 'POST',
          headers: { authorization: 'Bearer ${t.hub.token}', 'content-type': 'application/json' },
          body: JSON.stringify({ write }),
        });
        if (!response.ok) throw Object.assign(new Error('ticket ' + response.status), { status: response.status });
        return response.json();
      };
      window.paneEvents = [];
      for (const type of ['sb-terminal-status', 'sb-terminal-writable']) {
        pane.addEventListener(type, (event) => window.paneEvents.push({ type, detail: event.detail }));
      }
      document.getElementById('host').append(pane);`,
  });
  return { page, problems };
}

/** The lines xterm's DOM renderer shows, as text. */
function rows(page: Page): Promise<string[]> {
  return page
    .locator('sb-terminal-pane .xterm-rows > div')
    .allInnerTexts()
    .then((lines) => lines.map((line) => line.replace(/\u00a0/g, ' ').trimEnd()));
}

/** Every event the pane fired, as JSON. */
const paneEvents = (page: Page) => page.evaluate('JSON.stringify(window.paneEvents)') as Promise<string>;

const status = (page: Page) => page.getByTestId('terminal-status').getAttribute('data-state');

describe.runIf(run)('the terminal pane', () => {
  it('runs a command typed into xterm and shows its output', async () => {
    const session = await shell('pane-typing');
    const { page, problems } = await openPane(session, true);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('open');
    await expect
      .poll(async () => (await rows(page)).some((r) => r.startsWith('pane$')), { timeout: 20_000 })
      .toBe(true);
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.type('echo hello-from-pane\n');
    // The command's output, on a line of its own (the typed line also contains the words).
    await expect
      .poll(async () => (await rows(page)).includes('hello-from-pane'), { timeout: 20_000 })
      .toBe(true);
    expect(problems.errors).toEqual([]);
    await page.context().close();
  });

  it('types nothing when read-only, until the person switches typing on', async () => {
    const session = await shell('pane-readonly');
    const { page, problems } = await openPane(session, false);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('open');
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.type('echo blocked-$((1+1))\n');
    await page.getByTestId('terminal-write').click();
    await expect.poll(() => paneEvents(page)).toContain('"writable":true');
    await expect
      .poll(() => page.getByTestId('terminal-status').innerText(), { timeout: 20_000 })
      .toContain('typing');
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.type('echo allowed-$((2+2))\n');
    await expect.poll(async () => (await rows(page)).includes('allowed-4'), { timeout: 20_000 }).toBe(true);
    const screen = execFileSync(
      'tmux',
      ['-L', t.config.tmuxSocket, 'capture-pane', '-p', '-t', `=${session.tmuxSession}:`],
      { encoding: 'utf8' },
    );
    expect(screen).not.toContain('blocked');
    expect(problems.errors).toEqual([]);
    await page.context().close();
  });

  it('remembers the font size per session, and reconnects with a fresh ticket', async () => {
    const session = await shell('pane-zoom');
    const { page, problems } = await openPane(session, true);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('open');
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    const key = `switchboard.terminal.fontSize.${session.id}`;
    expect(await page.evaluate(`localStorage.getItem(${JSON.stringify(key)})`)).toBe('15');

    // Detach the pane's tmux client behind its back: the bridge closes, the pane comes back.
    execFileSync('tmux', ['-L', t.config.tmuxSocket, 'detach-client', '-s', `=${session.tmuxSession}`]);
    await waitFor('a reconnection', async () => (await paneEvents(page)).includes('"state":"reconnecting"'));
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('open');
    await page.getByTestId('terminal-screen').click();
    await page.keyboard.type('echo back-$((3+3))\n');
    await expect.poll(async () => (await rows(page)).includes('back-6'), { timeout: 20_000 }).toBe(true);

    // Another page (same browser profile) for the same session starts at the remembered size.
    const again = await openPane(session, false, page.context());
    await expect.poll(() => again.page.getByLabel('Text size').innerText(), { timeout: 20_000 }).toBe('15px');
    // "Fit" picks the text size at which the session's whole 200x50 window (and tmux's status
    // line) is on screen, instead of the part around the cursor.
    await expect.poll(() => status(again.page), { timeout: 20_000 }).toBe('open');
    await again.page.getByRole('button', { name: 'Fit the whole session' }).click();
    await expect
      .poll(async () => (await rows(again.page)).length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(51);
    expect(Math.max(...(await rows(again.page)).map((row) => row.length))).toBeGreaterThanOrEqual(190);
    expect([...problems.errors, ...again.problems.errors]).toEqual([]);
    await page.context().close();
  });
});
