// Regression (issue 12, finding 7): a tmux listing the hub could not read (tmux without a
// locale printed its tabs as "_") read as "no panes", and every running session was marked
// exited. Output tmux gave but the hub cannot read is an error: nothing is marked exited.
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { SessionMonitor, readoptSessions } from '../../../server/sessions/session-monitor.js';
import type { SessionService } from '../../../server/sessions/session-service.js';
import type { SessionRecord } from '../../../server/sessions/session-store.js';
import { parsePaneList, type PaneInfo, type Tmux } from '../../../server/tmux/tmux.js';

const running: SessionRecord = {
  id: 'ab12',
  name: 'api',
  cwd: '/work/api',
  ownsFolder: false,
  claudeSessionId: '6f1c0000-0000-4000-8000-000000000000',
  tmuxSession: 'sb-ab12',
  proxyToken: 't',
  voice: 'af_heart',
  speed: 1,
  muted: false,
  model: null,
  command: null,
  acceptsSessionTasks: false,
  state: 'ready',
  statusText: null,
  dialog: null,
  contextPercent: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  lastActivityAt: '2025-01-01T00:00:00.000Z',
  exitedAt: null,
  exitReason: null,
  archived: false,
};

/** The slice of SessionService the monitor uses, recording what it is told. */
function fakeSessions() {
  const applied: { id: string; type: string; exitReason?: string | null | undefined }[] = [];
  const sessions = {
    list: () => [running],
    record: () => running,
    apply: (id: string, event: { type: string }, extra: Partial<SessionRecord> = {}) => {
      applied.push({ id, type: event.type, exitReason: extra.exitReason });
      return running;
    },
    showDialog: () => undefined,
  } as unknown as SessionService;
  return { sessions, applied };
}

/** A tmux whose listing is `listPanes`; nothing else is called while a session is ready. */
function fakeTmux(listPanes: () => Promise<PaneInfo[]>): Tmux {
  const unused = () => Promise.reject(new Error('not expected in this test'));
  return {
    listPanes,
    newSession: unused,
    capturePane: unused,
    sendKeys: unused,
    pasteText: unused,
    killSession: unused,
  };
}

const unreadable = () => Promise.resolve().then(() => parsePaneList('sb-ab12_0_4242__'));
const tmuxDown = () => Promise.reject(new AppError('tmux_failed', 'tmux list-panes failed: boom'));
const noPanes = () => Promise.resolve([]);

function fakeLog() {
  const warn = vi.fn();
  const log = { warn, info: vi.fn(), debug: vi.fn(), error: vi.fn() } as unknown as FastifyBaseLogger;
  return { log, warn };
}

describe('the session monitor', () => {
  it.each([
    ['an unreadable listing', unreadable],
    ['a failed listing', tmuxDown],
  ])('marks nothing exited after %s, and warns', async (_, listPanes) => {
    const { sessions, applied } = fakeSessions();
    const { log, warn } = fakeLog();
    const monitor = new SessionMonitor({
      sessions,
      tmux: fakeTmux(listPanes),
      log,
      idleTimeoutMs: 0,
      now: Date.now,
    });
    await monitor.tick();
    expect(applied).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.any(AppError) }),
      'session check failed',
    );
  });
  it('still ends a session tmux really lists no pane for', async () => {
    const { sessions, applied } = fakeSessions();
    const { log } = fakeLog();
    const monitor = new SessionMonitor({
      sessions,
      tmux: fakeTmux(noPanes),
      log,
      idleTimeoutMs: 0,
      now: Date.now,
    });
    await monitor.tick();
    expect(applied).toEqual([{ id: 'ab12', type: 'pane_gone', exitReason: 'the tmux session is gone' }]);
  });
});

describe('re-adoption after a restart', () => {
  it.each([
    ['an unreadable listing', unreadable],
    ['a failed listing', tmuxDown],
  ])('marks nothing exited after %s, and warns', async (_, listPanes) => {
    const { sessions, applied } = fakeSessions();
    const { log, warn } = fakeLog();
    expect(await readoptSessions({ sessions, tmux: fakeTmux(listPanes), log })).toEqual([]);
    expect(applied).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.any(AppError) }),
      expect.any(String),
    );
  });
  it('still marks exited a session whose tmux session is gone, and names it (to resume it)', async () => {
    const { sessions, applied } = fakeSessions();
    const { log } = fakeLog();
    expect(await readoptSessions({ sessions, tmux: fakeTmux(noPanes), log })).toEqual(['ab12']);
    expect(applied).toEqual([{ id: 'ab12', type: 'pane_gone', exitReason: 'gone while the hub was down' }]);
  });
});
