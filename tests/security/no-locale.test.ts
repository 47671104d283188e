// Issue 12, finding 7: without a UTF-8 locale (systemd, cron, `env -i`) tmux 3.3a printed the
// tabs of the hub's `list-panes` format as "_", the hub read no panes, and every session was
// marked exited within a second while it ran. A hub must never mark exited a session it cannot
// see because of what its locale did to tmux's output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { buildNewSessionArgs } from '../../server/sessions/launch-command.js';
import { ExecaTmux, type PaneInfo } from '../../server/tmux/tmux.js';
import { TmuxRunner } from '../../server/tmux/tmux-runner.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

/** Only what a program needs to be found: no LANG, no LC_*, nothing else of the test runner's. */
const bareEnv = (home: string) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home });

let t: TestHub | undefined;
let home: string | undefined;
let socket: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.dispose();
  t = undefined;
  if (socket !== undefined) killTmuxServer(socket);
  socket = undefined;
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function killTmuxServer(name: string): void {
  try {
    execFileSync('tmux', ['-L', name, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no server left
  }
  // tmux 3.3 leaves its socket file behind after kill-server.
  rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
}

/** Every listing the hub's monitor (or re-adoption) got from tmux, as the hub read it. */
function recordListings(): PaneInfo[][] {
  const listings: PaneInfo[][] = [];
  const listPanes = ExecaTmux.prototype.listPanes;
  vi.spyOn(ExecaTmux.prototype, 'listPanes').mockImplementation(async function (this: ExecaTmux) {
    const panes = await listPanes.call(this);
    listings.push(panes);
    return panes;
  });
  return listings;
}

const get = async (hub: TestHub, id: string) =>
  ((await (await hub.api('GET', `/api/sessions/${id}`)).json()) as { session: Session }).session;

/**
 * Waits for `count` more listings that show every one of `sessions` running, and fails with the
 * reason as soon as one of them is marked exited. A listing is a pass of the monitor (or
 * re-adoption) that asked tmux: getting through it while ready is what the bug made impossible.
 */
async function staysReadyThrough(
  hub: TestHub,
  listings: PaneInfo[][],
  sessions: Session[],
  count: number,
): Promise<void> {
  const shows = (panes: PaneInfo[]) =>
    sessions.every((s) => panes.some((p) => p.tmuxSession === s.tmuxSession && !p.paneDead));
  const before = listings.filter(shows).length;
  const exited = await waitFor(`${count} listings that show the sessions running`, async () => {
    const now = await Promise.all(sessions.map((s) => get(hub, s.id)));
    const gone = now.find((s) => s.state === 'exited');
    if (gone !== undefined) return `${gone.name}: ${gone.exitReason}`;
    return listings.filter(shows).length - before >= count ? 'none' : undefined;
  });
  expect(exited).toBe('none');
  for (const session of sessions) expect((await get(hub, session.id)).state).toBe('ready');
}

describe('a hub without a locale', () => {
  it('keeps its running sessions ready, through monitor passes and a restart', async () => {
    const listings = recordListings();
    home = mkdtempSync(join(tmpdir(), 'sb-home-'));
    // A running session is re-read from tmux every 60 ticks: 20 ms ticks make that ~1 s.
    t = await startTestHub({ inheritEnv: false, env: bareEnv(home), monitorIntervalMs: 20 });
    const hub = t;
    const created = await hub.api('POST', '/api/sessions', { name: 'plain', command: 'exec sleep 600' });
    expect(created.status).toBe(201);
    const shell = ((await created.json()) as { session: Session }).session;
    const claude = (
      (await (await hub.api('POST', '/api/sessions', { name: 'talker' })).json()) as {
        session: Session;
      }
    ).session;
    const started = await waitFor('the stand-in Claude started', async () => {
      const now = await get(hub, claude.id);
      return now.state === 'ready' || now.state === 'exited' ? now : undefined;
    });
    expect(started.exitReason).toBeNull();
    await staysReadyThrough(hub, listings, [shell, claude], 3);

    await hub.stop();
    await hub.restart();
    await staysReadyThrough(hub, listings, [shell, claude], 2);
  });

  it('reads its panes from a tmux server started with no locale', async () => {
    home = mkdtempSync(join(tmpdir(), 'sb-home-'));
    socket = `sbtest-bare-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    // Not through the hub: the environment the hub gives tmux may gain a locale; this one never does.
    const tmux = new ExecaTmux(new TmuxRunner(socket, '/dev/null', bareEnv(home)));
    const env = bareEnv(home);
    await tmux.newSession(
      buildNewSessionArgs({ tmuxSession: 'sb-bare', cwd: home, env, command: ['sleep', '600'] }),
    );
    const panes = await tmux.listPanes();
    expect(panes).toEqual([
      {
        tmuxSession: 'sb-bare',
        paneDead: false,
        panePid: expect.any(Number),
        deadStatus: null,
        deadSignal: null,
      },
    ]);
  });
});
