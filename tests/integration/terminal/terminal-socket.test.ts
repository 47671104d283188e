// The terminal bridge with real tmux (the test hub's own socket) and real node-pty: tickets,
// the Origin check, typing, read-only viewers, several viewers, and the session's own size.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMINAL_CLOSE } from '../../../protocol/terminal.js';
import { startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';
import {
  attach,
  openViewer,
  screenText,
  shellSession,
  ticketFor,
  waitForText,
  windowFormat,
} from './terminal-client.js';

const TICKET_S = 1.5;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { SWITCHBOARD_TERMINAL_TICKET_S: String(TICKET_S) } });
});
afterAll(async () => {
  await t?.dispose();
});

describe('terminal tickets', () => {
  it('needs the hub token, a known session and a boolean write flag', async () => {
    const shell = await shellSession(t, 'tickets');
    expect((await t.api('POST', `/api/sessions/${shell.id}/terminal-ticket`, {}, null)).status).toBe(401);
    expect((await t.api('POST', '/api/sessions/nope/terminal-ticket', {})).status).toBe(404);
    expect((await t.api('POST', `/api/sessions/${shell.id}/terminal-ticket`, { write: 'yes' })).status).toBe(
      400,
    );
    const ticket = await ticketFor(t, shell.id, true);
    expect(ticket.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ticket.write).toBe(true);
    expect(ticket.url).toBe(`/ws/terminal/${shell.id}?ticket=${ticket.ticket}`);
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeLessThanOrEqual(TICKET_S * 1000);
  });

  it('opens one connection per ticket: a reused ticket is refused', async () => {
    const shell = await shellSession(t, 'reuse');
    const ticket = await ticketFor(t, shell.id);
    const first = await openViewer(t, ticket.url);
    await waitFor('hello', () => first.messages[0]?.type === 'hello');
    const second = await openViewer(t, ticket.url);
    expect(await second.closed).toEqual({
      code: TERMINAL_CLOSE.ticketRefused,
      reason: expect.stringContaining('already used'),
    });
    first.close();
  });

  it('refuses an expired ticket', async () => {
    const shell = await shellSession(t, 'expiry');
    const ticket = await ticketFor(t, shell.id);
    await new Promise((resolve) => setTimeout(resolve, TICKET_S * 1000 + 300));
    const viewer = await openViewer(t, ticket.url);
    expect(await viewer.closed).toEqual({
      code: TERMINAL_CLOSE.ticketRefused,
      reason: expect.stringContaining('expired'),
    });
  });

  it("refuses another session's ticket, an unknown ticket, and the hub token in its place", async () => {
    const mine = await shellSession(t, 'mine');
    const other = await shellSession(t, 'other');
    const ticket = await ticketFor(t, mine.id);
    const wrong = await openViewer(t, `/ws/terminal/${other.id}?ticket=${ticket.ticket}`);
    expect(await wrong.closed).toEqual({
      code: TERMINAL_CLOSE.ticketRefused,
      reason: expect.stringContaining('another session'),
    });
    const unknown = await openViewer(t, `/ws/terminal/${mine.id}?ticket=${'A'.repeat(43)}`);
    expect((await unknown.closed).code).toBe(TERMINAL_CLOSE.ticketRefused);
    // The hub token is no ticket: refused before the upgrade, as any socket without a ticket.
    await expect(openViewer(t, `/ws/terminal/${mine.id}?token=${t.hub.token}`)).rejects.toThrow(/401/);
  });

  it('refuses a page from another origin before the upgrade', async () => {
    const shell = await shellSession(t, 'origin');
    const ticket = await ticketFor(t, shell.id);
    const url = t.url.replace(/^http/, 'ws') + ticket.url;
    const { default: WebSocket } = await import('ws');
    const foreign = new WebSocket(url, { headers: { origin: 'https://evil.example' } });
    const status = await new Promise<number>((resolve) =>
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    // The page's own origin is fine.
    const same = await openViewer(t, ticket.url, { origin: t.url });
    await waitFor('hello', () => same.messages[0]?.type === 'hello');
    same.close();
  });
});

describe('viewers', () => {
  it('says hello with the session size and whether it may type', async () => {
    const shell = await shellSession(t, 'hello');
    const viewer = await attach(t, shell.id);
    expect(viewer.messages[0]).toEqual({
      type: 'hello',
      protocolVersion: 1,
      sessionId: shell.id,
      write: false,
      cols: 200,
      rows: 51, // the window plus tmux's status line
    });
    viewer.close();
  });

  it('types into the pane with a write ticket, and shows the output', async () => {
    const shell = await shellSession(t, 'typing');
    const viewer = await attach(t, shell.id, true);
    viewer.type('echo typed-$((40+2))\r');
    await waitForText(viewer, /typed-42/);
    expect(await screenText(t, shell.id)).toMatch(/^typed-42$/m);
    viewer.close();
  });

  it('drops what a read-only viewer types, and tells it once', async () => {
    const shell = await shellSession(t, 'readonly');
    const reader = await attach(t, shell.id, false);
    reader.type('echo sneaky-$((1+1))\r');
    reader.type('more');
    await waitFor('read-only notice', () => reader.messages.some((m) => m.type === 'error'));
    expect(reader.messages.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', message: expect.stringContaining('read-only') },
    ]);
    // A marker typed afterwards by a writer shows the reader's keys never arrived.
    const writer = await attach(t, shell.id, true);
    writer.type('echo marker-$((5*5))\r');
    await waitFor('marker', async () => /^marker-25$/m.test(await screenText(t, shell.id)));
    const screen = await screenText(t, shell.id);
    expect(screen).not.toContain('sneaky');
    // And tmux itself attached the reader read-only: two locks, not one.
    const flags = execFileSync(
      'tmux',
      ['-L', t.config.tmuxSocket, 'list-clients', '-t', `=${shell.tmuxSession}`, '-F', '#{client_flags}'],
      { encoding: 'utf8' },
    );
    expect(flags.split('\n').filter((f) => f.includes('read-only'))).toHaveLength(1);
    expect(screen).not.toContain('more');
    reader.close();
    writer.close();
  });

  it('shows the same output to two viewers of different sizes, without resizing the session', async () => {
    const shell = await shellSession(t, 'shared');
    const small = await attach(t, shell.id, false, { cols: 60, rows: 20 });
    const large = await attach(t, shell.id, true, { cols: 230, rows: 60 });
    typeLine(t.config.tmuxSocket, shell.tmuxSession, 'echo both-$((2*21))');
    await waitForText(small, /both-42/);
    await waitForText(large, /both-42/);
    // Resizing a viewer changes what it sees, never the window Claude Code lays out for.
    large.socket.send(JSON.stringify({ type: 'resize', cols: 90, rows: 25 }));
    small.socket.send(JSON.stringify({ type: 'resize', cols: 300, rows: 90 }));
    large.type('echo after-resize\r');
    await waitForText(small, /after-resize/);
    expect(windowFormat(t, shell, '#{window_width}x#{window_height}')).toBe('200x50');
    small.close();
    large.close();
  });

  it('lets a stalled viewer hold up neither the session nor the other viewers', async () => {
    const shell = await shellSession(t, 'stalled');
    const stalled = await attach(t, shell.id, false, { cols: 200, rows: 51 });
    const lively = await attach(t, shell.id, true, { cols: 200, rows: 51 });
    stalled.socket.pause(); // reads nothing: the hub's socket backs up, the bridge stops reading tmux
    lively.type('head -c 30000000 /dev/zero | base64; echo flood-$((20+1))-done\r');
    await waitForText(lively, /flood-21-done/, 30_000);
    expect(await screenText(t, shell.id)).toMatch(/^flood-21-done$/m);
    // Once it reads again, tmux brings the stalled viewer up to date.
    stalled.socket.resume();
    await waitForText(stalled, /flood-21-done/, 30_000);
    stalled.close();
    lively.close();
  });

  it('answers a bad text frame with an error and keeps the connection', async () => {
    const shell = await shellSession(t, 'frames');
    const viewer = await attach(t, shell.id, true);
    viewer.socket.send('not json');
    viewer.socket.send(JSON.stringify({ type: 'resize', cols: 0, rows: 10 }));
    await waitFor('two errors', () => viewer.messages.filter((m) => m.type === 'error').length === 2);
    viewer.type('echo still-$((3+4))\r');
    await waitForText(viewer, /still-7/);
    viewer.socket.send(JSON.stringify({ type: 'close' }));
    expect((await viewer.closed).code).toBe(TERMINAL_CLOSE.normal);
  });

  it('closes viewers when their session is removed, and detaches their tmux clients on close', async () => {
    const shell = await shellSession(t, 'removed');
    const viewer = await attach(t, shell.id);
    const clients = () => windowFormat(t, shell, '#{session_attached}');
    await waitFor('one client', () => clients() === '1');
    const again = await attach(t, shell.id);
    await waitFor('two clients', () => clients() === '2');
    again.close();
    await waitFor('the closed viewer detached', () => clients() === '1');
    expect((await t.api('DELETE', `/api/sessions/${shell.id}?forget=1`)).status).toBe(204);
    expect([TERMINAL_CLOSE.sessionGone, TERMINAL_CLOSE.ended]).toContain((await viewer.closed).code);
  });
});
