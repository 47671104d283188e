// Issue 13, points 2 and 3, in a real browser: a session's replies render as Markdown (code
// blocks, links that open safely) and nothing a session writes runs as HTML; the spoken
// sentence is highlighted in the rendered text also when it is spoken differently (a URL read
// as "a link to example.com"); tool activity is one collapsed line that opens to each call.
// Entries come through the hub's real interfaces: a converse call over the session's proxy
// socket, and the session's Claude Code transcript file, read when a hook says it grew.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { claudeTranscriptPath } from '../../server/sessions/claude-transcript-path.js';
import { launchChromium, openPage, requireChromiumOrWarn, type PageProblems } from '../support/chromium.js';
import { FixedCostStt, FixedCostTts } from '../support/fixed-cost-engines.js';
import { spawnReady, startTestHub, type TestHub } from '../support/hub-harness.js';
import { JFK_WAV } from '../support/page-rig.js';
import { connectAsProxy, type RawLink } from '../support/proxy-link.js';

const run = requireChromiumOrWarn();

let t: TestHub | undefined;
let browser: Browser | undefined;
let page: Page;
let problems: PageProblems;
let configDir: string;
let session: Session;
let link: RawLink | undefined;
/** Set by anything a session's text manages to run. */
const dialogs: string[] = [];

beforeAll(async () => {
  if (!run) return;
  configDir = mkdtempSync(join(tmpdir(), 'sb-claude-config-'));
  t = await startTestHub({
    env: { CLAUDE_CONFIG_DIR: configDir },
    // 60 ms of audio per character: a sentence plays for a few seconds, long enough to look at.
    engines: { tts: new FixedCostTts(10), stt: new FixedCostStt('sounds good') },
  });
  browser = await launchChromium({ micWav: JFK_WAV });
  // A phone's width: nothing a session writes may widen the page.
  ({ page, problems } = await openPage(browser, t.loginUrl(), { width: 390, height: 844 }));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  session = await spawnReady(t, 'writer');
  link = await connectAsProxy(t, session);
  await page.locator(`[data-testid="session-tab"][data-session-id="${session.id}"]`).click();
}, 90_000);

afterAll(async () => {
  link?.close();
  await browser?.close();
  await t?.dispose();
  if (configDir !== undefined) rmSync(configDir, { recursive: true, force: true });
});

/** Appends Claude Code records to the session's transcript file and says so with a Stop hook. */
async function writeTranscript(records: unknown[]): Promise<void> {
  if (t === undefined) throw new Error('no hub');
  const record = t.hub.sessions.record(session.id);
  const path = claudeTranscriptPath({ CLAUDE_CONFIG_DIR: configDir }, record.cwd, record.claudeSessionId);
  if (path === null) throw new Error('no transcript path');
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const payload = {
    session_id: record.claudeSessionId,
    transcript_path: path,
    cwd: record.cwd,
    hook_event_name: 'Stop',
  };
  const response = await t.api('POST', `/hooks/${session.id}/claude`, payload, record.proxyToken);
  expect(response.status).toBe(200);
}

const assistant = (content: unknown[]) => ({ type: 'assistant', message: { role: 'assistant', content } });
const user = (content: unknown[]) => ({ type: 'user', message: { role: 'user', content } });

const REPLY = [
  'Here is the fix:',
  '',
  '```ts',
  'const ok = a < b;',
  '```',
  '',
  'See [the docs](https://example.com/docs) and run `npm test`.',
  '',
  '<script>window.__pwned = "script"</script>',
  '',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '',
  '[click me](javascript:window.__pwned=1) and [this](JaVaScRiPt:alert(1))',
  '',
  '<a href="https://example.com" onclick="window.__pwned = \'a\'">a link</a>',
  '',
  '<iframe src="https://example.com"></iframe><svg onload="window.__pwned = \'svg\'"></svg>',
  '',
  '<style>li { display: none }</style>',
  '',
  '```',
  'a very long line of code that would widen a phone if it wrapped nowhere: ' + 'x'.repeat(200),
  '```',
].join('\n');

describe.runIf(run)('Markdown, highlight and tool activity in the page', () => {
  it('renders a reply as Markdown and runs nothing a session wrote', async () => {
    await writeTranscript([assistant([{ type: 'text', text: REPLY }])]);
    const reply = page.locator('[data-testid="transcript-entry"][data-kind="reply"]');
    await reply.waitFor({ timeout: 20_000 });
    const md = reply.getByTestId('transcript-markdown');

    await expect.poll(() => md.locator('pre > code').first().textContent()).toBe('const ok = a < b;');
    expect(await md.locator('p code').textContent()).toBe('npm test');
    const docs = md.locator('a', { hasText: 'the docs' });
    expect(await docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await docs.getAttribute('target')).toBe('_blank');

    // The attacks are shown as text, and nothing of them is an element or an attribute.
    expect(await md.textContent()).toContain('<script>');
    for (const selector of [
      'script',
      'img',
      'iframe',
      'svg',
      'style',
      '[onerror]',
      '[onclick]',
      '[onload]',
    ]) {
      expect(await md.locator(selector).count(), selector).toBe(0);
    }
    const hrefs = await md.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://example.com/docs']);
    expect(await md.textContent()).toContain('click me');
    // The plain-text "a link" (an <a> the session wrote) cannot be clicked into running anything.
    await md.getByText('a link', { exact: false }).first().click();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toEqual([]);

    // A long code line scrolls inside its block on a 390 px phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('highlights the sentence with a URL while it is spoken as "a link to example.com"', async () => {
    if (link === undefined) throw new Error('no proxy link');
    await page.getByTestId('enable-audio').click();
    const message = 'First, a short one. See https://example.com/docs/page for the whole log. Then the end.';
    const answer = link.call({ type: 'converse', callId: 'c1', message, waitForResponse: false });

    const said = page.locator('[data-testid="transcript-entry"][data-kind="said"][data-role="assistant"]');
    await said.waitFor({ timeout: 20_000 });
    const highlighted = () =>
      said
        .locator('mark')
        .allTextContents()
        .then((parts) => parts.join(''));
    await expect
      .poll(highlighted, { timeout: 20_000 })
      .toBe('See https://example.com/docs/page for the whole log.');
    // The URL is still a link while highlighted: the highlight sits inside it.
    expect(await said.locator('a mark').textContent()).toBe('https://example.com/docs/page');
    await expect.poll(highlighted, { timeout: 20_000 }).toBe('Then the end.');
    await answer;
  });

  it('folds tool activity into one collapsed line that opens to each call', async () => {
    await writeTranscript([
      assistant([
        {
          type: 'tool_use',
          id: 'toolu_1',
          name: 'Bash',
          input: { command: 'npm test', description: 'Run tests' },
        },
      ]),
      user([{ type: 'tool_result', tool_use_id: 'toolu_1', content: '12 passed' }]),
      assistant([
        {
          type: 'tool_use',
          id: 'toolu_2',
          name: 'Edit',
          input: { file_path: 'server/a.ts', old_string: 'a', new_string: 'b' },
        },
      ]),
      user([{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'File has changed', is_error: true }]),
      assistant([{ type: 'text', text: 'Both done.' }]),
    ]);
    const activity = page.getByTestId('tool-activity').last();
    await activity.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => activity.getByTestId('tool-activity-summary').textContent())
      .toBe('Ran 2 tools: Bash npm test ✓, Edit server/a.ts ✗');
    expect(await activity.getAttribute('open')).toBeNull();
    expect(await activity.getByTestId('tool-call').first().isVisible()).toBe(false);

    await activity.getByTestId('tool-activity-summary').click();
    const bash = activity.locator('[data-testid="tool-call"][data-tool="Bash"]');
    await bash.waitFor();
    expect(await bash.getByTestId('permission-command').textContent()).toBe('npm test');
    expect(await bash.getByTestId('tool-output').textContent()).toBe('12 passed');
    const edit = activity.locator('[data-testid="tool-call"][data-tool="Edit"]');
    expect(await edit.getAttribute('data-state')).toBe('failed');
    expect(await edit.getByTestId('permission-diff').count()).toBe(1);
    expect(await edit.getByTestId('tool-output').textContent()).toBe('File has changed');

    // The conversation goes on after the run, in order.
    const kinds = await page
      .locator('[data-testid="transcript"] > li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind') ?? li.getAttribute('data-testid')));
    expect(kinds.slice(-2)).toEqual(['transcript-tools', 'reply']);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(problems.errors).toEqual([]);
  });
});
