import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core (never a test tool's own browser download, which
 * fails offline). CI installs it (.ci/run); elsewhere the browser tests are skipped, loudly.
 */
export const CHROMIUM_PATH = process.env.SWITCHBOARD_TEST_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumPresent = existsSync(CHROMIUM_PATH);

/** In CI a missing browser is a failure, not a skip: the page's tests must run there. */
export function requireChromiumOrWarn(): boolean {
  if (chromiumPresent) return true;
  const message = `chromium not found at ${CHROMIUM_PATH}: the browser end-to-end tests are SKIPPED (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  return false;
}

export type PageProblems = { errors: string[] };

/**
 * Starts chromium with a fake microphone that plays `micWav` (looped) and answers the
 * microphone permission prompt itself, as DESIGN section 8 describes.
 */
export async function launchChromium(options: { micWav: string }): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${options.micWav}`,
    ],
  });
}

/**
 * A page in its own context, with every console error and uncaught exception collected: the
 * tests assert there are none.
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(['microphone'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  await page.goto(url);
  return { context, page, problems };
}
