// Finding 9 of issue 12: a dead proxy (killed) left the session looking healthy while every
// Switchboard tool was gone from Claude. Now the roster entry says `proxy: disconnected since …`,
// and the page shows it with what to do, in the roster and over the conversation.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { requireChromiumOrWarn } from '../support/chromium.js';
import { spawnReady, waitFor, type TestHub } from '../support/hub-harness.js';
import { startPageRig, type PageRig } from '../support/page-rig.js';

const run = requireChromiumOrWarn();

let rig: PageRig | undefined;
beforeAll(async () => {
  if (run) rig = await startPageRig();
}, 60_000);
afterAll(async () => {
  await rig?.dispose();
});

/** The session's MCP proxy: the process under its pane running the proxy's entry point. */
function proxyPidOf(t: TestHub, s: Session): number {
  const panePid = Number(
    execFileSync(
      'tmux',
      ['-L', t.config.tmuxSocket, 'display', '-p', '-t', `=${s.tmuxSession}:`, '#{pane_pid}'],
      {
        encoding: 'utf8',
      },
    ).trim(),
  );
  const below = new Set([panePid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const pid = Number(entry);
      if (below.has(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (below.has(parent)) {
        below.add(pid);
        grew = true;
      }
    }
  }
  for (const pid of below) {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // The proxy is `node [flags…] …/mcp-proxy/main.js`; a hook run has a subcommand after it.
    if (cmdline.at(-1)?.endsWith('mcp-proxy/main.js')) return pid;
  }
  throw new Error(`no proxy process under pane ${panePid}`);
}

describe.runIf(run)('a session whose proxy died', () => {
  it('says so in its roster entry and in the page, while Claude Code goes on running', async () => {
    const { hub: t, page } = rig!;
    const session = await spawnReady(t, 'orphaned');
    const get = async () =>
      ((await (await t.api('GET', `/api/sessions/${session.id}`)).json()) as { session: Session }).session;
    expect((await get()).problem).toBeNull();

    process.kill(proxyPidOf(t, session), 'SIGKILL');
    const orphaned = await waitFor('the problem in the roster entry', async () => {
      const s = await get();
      return s.problem === null ? undefined : s;
    });
    expect(orphaned).toMatchObject({ state: 'ready', proxyConnected: false });
    expect(orphaned.problem).toBe(`proxy: disconnected since ${orphaned.proxyDisconnectedAt}`);

    await page.locator(`[data-testid="session-tab"][data-session-id="${session.id}"]`).click();
    const banner = page.getByTestId('session-problem');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/Switchboard's tools are gone from orphaned.*\/mcp/);
  });
});
