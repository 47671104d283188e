// The person lets a session take tasks from other sessions from the page (issue 12): a toggle in
// the conversation's header, off by default, absent for a shell-only session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { requireChromiumOrWarn } from '../support/chromium.js';
import { spawnReady, waitFor } from '../support/hub-harness.js';
import { startPageRig, type PageRig } from '../support/page-rig.js';

const run = requireChromiumOrWarn();

let rig: PageRig | undefined;
beforeAll(async () => {
  if (run) rig = await startPageRig();
}, 60_000);
afterAll(async () => {
  await rig?.dispose();
});

describe.runIf(run)('tasks from other sessions, in the page', () => {
  it('are off until the person turns them on for a Claude Code session; a shell has no such switch', async () => {
    const { hub: t, page, problems } = rig!;
    const claude = await spawnReady(t, 'worker');
    const tab = (s: Session) => page.locator(`[data-testid="session-tab"][data-session-id="${s.id}"]`);
    await tab(claude).click();
    const toggle = page.getByTestId('session-tasks-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await waitFor('the hub to have it', () => t.hub.sessions.record(claude.id).acceptsSessionTasks);
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    const created = await t.api('POST', '/api/sessions', { name: 'shell', command: 'sleep 600' });
    const shell = ((await created.json()) as { session: Session }).session;
    await tab(shell).click();
    await page.getByRole('heading', { name: 'shell' }).waitFor();
    expect(await page.getByTestId('session-tasks-toggle').count()).toBe(0);
    expect(problems.errors).toEqual([]);
  });
});
