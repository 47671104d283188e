// The permissions inbox in a real browser: two stand-in sessions ask for permissions through the
// hook endpoint (as their proxies do), the page shows them with their full input, and the person
// allows one by keyboard, denies one with a message, always-allows one, bulk-allows two Writes and
// is told politely when someone else decided first. The hub's audit log must say "page" decided.
// Then the voice bar: which voice activity detector listens (data-vad on the mic button).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../protocol/permissions.js';
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

let keys = 0;
/** Asks as the session's proxy does in hook mode. */
async function ask(
  session: Session,
  toolName: string,
  toolInput: Record<string, unknown>,
  suggestions: unknown[] = [],
) {
  const response = await t.api(
    'POST',
    `/hooks/${session.id}/permission`,
    { requestKey: `e2e-key-${keys++}`, toolName, toolInput, suggestions, via: 'hook' },
    t.hub.sessions.record(session.id).proxyToken,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { request: PermissionRequest }).request;
}

async function audit(state: string): Promise<PermissionRequest[]> {
  return (
    (await (await t.api('GET', `/api/permissions?state=${state}`)).json()) as {
      requests: PermissionRequest[];
    }
  ).requests;
}

const card = (id: string) => page.locator(`[data-testid="permission-request"][data-request-id="${id}"]`);
const tabOf = (s: Session) => page.locator(`[data-testid="session-tab"][data-session-id="${s.id}"]`);
const inboxCount = () => page.getByTestId('inbox-toggle').getAttribute('data-count');

/** The permission request that has focus (looking through the shadow roots), or null. */
function focusedRequestId(): Promise<string | null> {
  // Runs in the page; the tests' own types know no DOM, hence the small structural type.
  type Focusable = {
    tagName: string;
    getAttribute(name: string): string | null;
    shadowRoot: { activeElement: Focusable | null } | null;
  };
  return page.evaluate(() => {
    let at = (globalThis as unknown as { document: { activeElement: Focusable | null } }).document
      .activeElement;
    while (at !== null) {
      if (at.tagName === 'SB-PERMISSION-REQUEST') return at.getAttribute('data-request-id');
      at = at.shadowRoot?.activeElement ?? null;
    }
    return null;
  });
}

describe.runIf(run)('the permissions inbox, in the page', () => {
  let alpha: Session;
  let beta: Session;

  it('shows every pending request with its input, and decides them as the page', async () => {
    alpha = await spawnReady(t, 'alpha');
    beta = await spawnReady(t, 'beta');
    await tabOf(beta).waitFor();
    await tabOf(alpha).click();

    const bashA = await ask(alpha, 'Bash', { command: 'npm test', description: 'Run the tests' });
    const bashB = await ask(beta, 'Bash', { command: 'rm -rf build' });
    // beta is in the background: its request is announced, its tab badged with the count.
    await expect
      .poll(() => page.getByTestId('live-region').textContent())
      .toContain('beta asks permission for Bash: rm -rf build');
    const writeA = await ask(alpha, 'Write', { file_path: '/tmp/e2e/a.txt', content: 'hello\n' });
    const writeB = await ask(beta, 'Write', { file_path: '/tmp/e2e/b.txt', content: 'world\n' });
    await expect.poll(inboxCount).toBe('4');
    await expect.poll(() => tabOf(beta).getAttribute('data-permissions')).toBe('2');
    expect(await tabOf(beta).getAttribute('data-badge')).toBe('true');
    expect(await tabOf(beta).getAttribute('data-state')).toBe('waiting_permission');

    // A note for beta waits in its inbox while it waits for permission: the tab counts it.
    await t.api('POST', `/api/sessions/${beta.id}/messages`, { text: 'Then update the docs.', kind: 'note' });
    await expect.poll(() => tabOf(beta).getAttribute('data-unread')).toBe('1');

    // Clicking beta's badged tab offers "Review permission": the inbox on beta's requests only.
    await tabOf(beta).click();
    await page.getByTestId('review-permission').click();
    await expect.poll(() => page.getByTestId('permission-filter').textContent()).toContain('beta');
    expect(
      await page
        .locator('[data-testid="permission-request"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id'))),
    ).toEqual([beta.id, beta.id]);

    // All sessions, from the header button; focus starts on the first request (alpha's Bash).
    await page.getByTestId('inbox-toggle').click(); // back to the conversation
    await page.getByTestId('inbox-toggle').click();
    await page.getByTestId('permission-inbox').waitFor();
    await expect.poll(() => page.locator('[data-testid="permission-request"]').count()).toBe(4);
    await expect.poll(() => card(bashA.id).getByTestId('permission-command').textContent()).toBe('npm test');
    expect(await card(bashA.id).getByTestId('permission-description').textContent()).toBe('Run the tests');
    expect(await card(writeA.id).getByTestId('permission-content').textContent()).toContain('hello');
    await expect.poll(focusedRequestId).toBe(bashA.id);

    // "a" allows the focused request; focus goes on to the next one.
    await page.keyboard.press('a');
    await expect.poll(() => card(bashA.id).count()).toBe(0);
    await expect.poll(focusedRequestId).toBe(writeA.id);
    await expect.poll(inboxCount).toBe('3');

    // j moves to beta's Bash; deny it with a message (Enter in the message field denies).
    await page.keyboard.press('j');
    await expect.poll(focusedRequestId).toBe(bashB.id);
    await card(bashB.id).getByTestId('permission-note-toggle').click();
    await card(bashB.id).getByTestId('permission-deny-message').fill('Not the build folder, please.');
    await page.keyboard.press('Enter');
    await expect.poll(() => card(bashB.id).count()).toBe(0);
    // Regression: the message typed for one request must not stay open on the next one.
    await expect.poll(() => page.getByTestId('permission-deny-message').count()).toBe(0);

    // "Allow all 2 pending Write".
    const bulk = page.getByTestId('permission-bulk-allow');
    await expect.poll(() => bulk.innerText()).toMatch(/Allow all 2 pending Write/);
    await bulk.click();
    await expect.poll(inboxCount).toBe('0');
    await page.getByTestId('permission-empty').waitFor();
    await expect.poll(() => page.locator('[data-testid="permission-recent"] li').count()).toBe(4);

    const allowed = await audit('allowed');
    expect(allowed.map((r) => r.id).sort()).toEqual([bashA.id, writeA.id, writeB.id].sort());
    expect(allowed.every((r) => r.decidedBy === 'page')).toBe(true);
    expect(allowed.find((r) => r.id === bashA.id)?.scope).toBe('once');
    const denied = await audit('denied');
    expect(denied).toEqual([
      expect.objectContaining({ id: bashB.id, decidedBy: 'page', message: 'Not the build folder, please.' }),
    ]);
    expect(await audit('pending')).toEqual([]);
    await expect.poll(() => tabOf(beta).getAttribute('data-permissions')).toBe('0');
    expect(problems.errors).toEqual([]);
  });

  it('always-allows with Shift+A, and says so politely when someone else decided first', async () => {
    const edit = await ask(alpha, 'Edit', {
      file_path: '/tmp/e2e/a.txt',
      old_string: 'hello',
      new_string: 'hello there',
    });
    await card(edit.id).waitFor();
    expect(await card(edit.id).locator('[data-line="removed"]').textContent()).toContain('hello');
    expect(await card(edit.id).locator('[data-line="added"]').textContent()).toContain('hello there');
    await card(edit.id).focus();
    await page.keyboard.press('Shift+A');
    await expect.poll(() => card(edit.id).count()).toBe(0);
    expect((await audit('allowed')).find((r) => r.id === edit.id)).toMatchObject({
      decidedBy: 'page',
      scope: 'session',
    });

    // An orchestrator denies over the API while the person's "Allow" is on its way: a 409.
    const late = await ask(beta, 'Bash', { command: 'make deploy' });
    await card(late.id).waitFor();
    await page.route(`**/api/permissions/${late.id}`, async (route) => {
      if (route.request().method() === 'POST') {
        expect((await t.api('POST', `/api/permissions/${late.id}`, { behavior: 'deny' })).status).toBe(200);
      }
      await route.continue();
    });
    await card(late.id).getByTestId('permission-allow').click();
    await expect
      .poll(() =>
        page
          .locator('[role="status"]')
          .allTextContents()
          .then((all) => all.join(' ')),
      )
      .toContain('was already denied over the API');
    await expect.poll(() => card(late.id).count()).toBe(0);
    await page.unroute(`**/api/permissions/${late.id}`);
    expect((await audit('denied')).find((r) => r.id === late.id)?.decidedBy).toBe('api');
    // The browser itself logs the provoked 409 response; nothing else may be an error.
    expect(problems.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    problems.errors.length = 0;
  });

  it("takes a request's focus as it arrives, offers Claude Code's own rule, and shows the folder", async () => {
    // The inbox is empty and open, focus on its heading (where the last decision left it).
    await page.getByTestId('permission-empty').waitFor();
    const first = await ask(alpha, 'Bash', { command: 'npm run lint' });
    await expect.poll(focusedRequestId).toBe(first.id);
    await page.keyboard.press('a'); // no click first
    await expect.poll(async () => (await audit('allowed')).some((r) => r.id === first.id)).toBe(true);

    // With focus on a bulk button, a key still answers the first request, never the whole tool.
    const npmTest = {
      type: 'addRules',
      rules: [{ toolName: 'Bash', ruleContent: 'npm test *' }],
      behavior: 'allow',
      destination: 'localSettings',
    };
    const tests = await ask(alpha, 'Bash', { command: 'npm test -- --watch=false' }, [npmTest]);
    const other = await ask(alpha, 'Bash', { command: 'ls' });
    await page.getByTestId('permission-bulk-allow').focus();
    await page.keyboard.press('d');
    await expect.poll(async () => (await audit('denied')).some((r) => r.id === tests.id)).toBe(true);
    expect(await card(other.id).count()).toBe(1);
    await card(other.id).getByTestId('permission-allow').click();

    const again = await ask(alpha, 'Bash', { command: 'npm test' }, [npmTest]);
    const folder = card(again.id).getByTestId('permission-folder');
    await expect.poll(() => folder.getAttribute('title')).toBe(alpha.cwd);
    const suggestion = card(again.id).getByTestId('permission-suggestion');
    expect((await suggestion.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Always allow npm test \* in alpha in this session/,
    );
    await suggestion.click();
    await expect
      .poll(async () => (await audit('allowed')).find((r) => r.id === again.id)?.scope)
      .toBe('session');
    expect((await audit('allowed')).find((r) => r.id === again.id)?.sessionRule).toEqual({
      ...npmTest,
      destination: 'session',
    });
    await expect
      .poll(() =>
        page.locator(`[data-testid="permission-recent"] li[data-request-id="${again.id}"]`).innerText(),
      )
      .toContain('allowed for the session (npm test *) in the browser');
    expect(problems.errors).toEqual([]);
  });

  it('shows which voice activity detector listens: Silero once it has loaded and a listen began', async () => {
    const mic = page.getByTestId('mic-button');
    expect(await mic.getAttribute('data-vad')).toBe('energy');
    await page.getByTestId('enable-audio').click();
    // Silero loads in the background after audio is on, and takes over when the microphone
    // next opens (never in the middle of a listen).
    await expect
      .poll(async () => (await mic.getAttribute('data-vad-next')) ?? (await mic.getAttribute('data-vad')), {
        timeout: 30_000,
      })
      .toBe('silero');
    const gamma = await spawnReady(t, 'gamma');
    await tabOf(gamma).click();
    typeLine(t.config.tmuxSocket, gamma.tmuxSession, 'converse Shall I go on?');
    await expect
      .poll(() => mic.getAttribute('data-state'), { timeout: 20_000 })
      .toMatch(/speaking|listening/);
    await expect.poll(() => mic.getAttribute('data-vad'), { timeout: 20_000 }).toBe('silero');
    expect(await mic.getAttribute('title')).toContain('Voice detection: Silero');
    await waitFor(
      'gamma answered',
      () => screenOf(t.config.tmuxSocket, gamma.tmuxSession).includes('answer: sounds good'),
      60_000,
    );
    expect(problems.errors).toEqual([]);
  });
});
