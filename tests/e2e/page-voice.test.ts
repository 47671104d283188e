// The page in a real browser, end to end: chromium opens the hub's page, the person makes a
// session through the page's own "New session" dialog; the real Claude Code CLI (scripted Messages
// API) calls converse; the hub speaks with KokoroTts on the stand-in model; the page plays it,
// listens through chromium's fake microphone (jfk.wav) with its own Silero VAD, which closes the
// utterance at the pause after "my fellow Americans"; the hub transcribes with WhisperStt on the
// stand-in model, the tool_result reaches Claude, and the transcript shows both sides.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { STAND_IN_TRANSCRIPT, writeStandInModels } from '../../scripts/stand-in-models/generate.js';
import { createDefaultEngines } from '../../server/voice/engines/default-engines.js';
import { launchChromium, openPage, requireChromiumOrWarn, type PageProblems } from '../support/chromium.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import {
  lastToolResult,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

const SHARED = new URL('../../../shared/', import.meta.url).pathname;
const JFK = join(SHARED, 'audio', 'jfk.wav');
const QUESTION = 'The build is green. Shall I publish the release notes now?';
const run = requireChromiumOrWarn();

let api: ScriptedAnthropic;
let home: ClaudeHome;
let t: TestHub;
let browser: Browser;
let page: Page;
let problems: PageProblems;
let models: string;

beforeAll(async () => {
  if (!run) return;
  models = mkdtempSync(join(tmpdir(), 'sb-models-'));
  await writeStandInModels(models, join(SHARED, 'models'));
  api = await startScriptedAnthropic({
    turns: [
      { toolUse: { name: 'mcp__switchboard__converse', input: { message: QUESTION } } },
      { text: 'Publishing them now.' },
    ],
  });
  home = await makeClaudeHome({
    apiKey: 'sk-ant-test-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
  });
  const silent = { info: () => undefined, warn: () => undefined };
  t = await startTestHub({
    claudeBin: CLAUDE_BIN,
    inheritEnv: false,
    engines: createDefaultEngines(models, silent),
    env: { ...home.env },
  });
  browser = await launchChromium({ micWav: JFK });
  ({ page, problems } = await openPage(browser, t.loginUrl()));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
  if (models !== undefined) rmSync(models, { recursive: true, force: true });
});

describe.runIf(run)('the page, by voice, with the real Claude Code CLI', () => {
  it('makes a session from its dialog, plays the question, hears the answer and shows both sides', async () => {
    await expect.poll(() => attribute(page, 'connection-status', 'data-state')).toBe('connected');
    await page.getByTestId('enable-audio').click();

    await page.getByTestId('new-session').click();
    const dialog = page.getByTestId('new-session-dialog');
    await dialog.getByTestId('new-session-name').fill('release');
    await dialog.getByTestId('new-session-prompt').fill('Talk to me.');
    await dialog.getByTestId('new-session-submit').click();

    const tab = page.getByTestId('session-tab').filter({ hasText: 'release' });
    await tab.waitFor();
    const sessionId = await tab.getAttribute('data-session-id');
    expect(sessionId).toBeTruthy();

    // The page speaks the question, then listens; the VAD closes the utterance by itself.
    await expect
      .poll(() => attribute(page, 'mic-button', 'data-state'), { timeout: 60_000 })
      .toBe('speaking');
    await expect
      .poll(() => attribute(page, 'mic-button', 'data-state'), { timeout: 30_000 })
      .toBe('listening');

    const next = await api.waitForMainRequest(1, 60_000);
    expect(lastToolResult(next)?.text).toBe(STAND_IN_TRANSCRIPT);

    const said = (role: string) =>
      page.locator(`[data-testid="transcript-entry"][data-role="${role}"]`).allTextContents();
    await expect.poll(() => said('assistant').then((t) => t.join(' '))).toContain(QUESTION);
    await expect.poll(() => said('user').then((t) => t.join(' '))).toContain(STAND_IN_TRANSCRIPT);
    await waitFor('the session idle', async () => {
      const s = ((await (await t.api('GET', `/api/sessions/${sessionId}`)).json()) as { session: Session })
        .session;
      return s.state === 'idle';
    });
    expect(problems.errors).toEqual([]);
  });
});

function attribute(page: Page, testId: string, name: string): Promise<string | null> {
  return page
    .getByTestId(testId)
    .first()
    .getAttribute(name, { timeout: 5_000 })
    .catch(() => null);
}
