import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROXY_CLOSE } from '../../../protocol/proxy.js';
import { reconnectDelayMs } from '../../../mcp-proxy/backoff.js';
import { HubLink } from '../../../mcp-proxy/hub-link.js';
import type { HubLinkOptions } from '../../../mcp-proxy/hub-link.js';
import { connectWebSocket } from '../../../mcp-proxy/hub-socket.js';
import type { HubSocketFactory } from '../../../mcp-proxy/hub-socket.js';
import { proxySocketUrl } from '../../../mcp-proxy/hub-url.js';
import { silentLog } from '../../../mcp-proxy/log.js';
import { FakeClock } from './support/fake-clock.js';
import { FakeHub, freePort } from './support/fake-hub.js';

// Every wait here is for an event on loopback; a missing behaviour should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 10_000 });

const sessionId = 'sess-1';
const token = 'secret-token';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHub(options: { port?: number; refuseUpgradeWith?: number } = {}): Promise<FakeHub> {
  const hub = await FakeHub.start({ sessionId, token, ...options });
  cleanups.push(() => hub.stop());
  return hub;
}

function startLink(port: number, options: Partial<HubLinkOptions> = {}): HubLink {
  const link = new HubLink({
    url: proxySocketUrl(new URL(`http://127.0.0.1:${port}`), options.sessionId ?? sessionId),
    sessionId,
    token,
    pid: 4242,
    giveUpMs: 30_000,
    log: silentLog,
    ...options,
  });
  link.start();
  cleanups.push(() => link.close());
  return link;
}

/** The real socket factory, counting connection attempts. */
function countingConnect(): { connect: HubSocketFactory; attempts: () => number } {
  let attempts = 0;
  return {
    connect: (url, socketToken, handlers) => {
      attempts += 1;
      return connectWebSocket(url, socketToken, handlers);
    },
    attempts: () => attempts,
  };
}

describe('reconnect backoff', () => {
  it('doubles from 100 ms and is capped at 2 s', () => {
    const delays = Array.from({ length: 9 }, (_, attempt) => reconnectDelayMs(attempt));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000, 2000]);
    expect(reconnectDelayMs(1_000)).toBe(2000);
  });

  it('spaces real reconnect attempts to a hub that is down by that backoff', async () => {
    const clock = new FakeClock();
    const counting = countingConnect();
    startLink(await freePort(), { clock, connect: counting.connect });
    const delays: number[] = [];
    for (let retry = 0; retry < 7; retry += 1) {
      // Each refused connection schedules exactly one reconnect timer.
      await vi.waitFor(() => expect(clock.pendingDelays()).toHaveLength(1));
      delays.push(clock.runNext());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    expect(counting.attempts()).toBe(8);
  });

  it('starts again from 100 ms after the hub said welcome', async () => {
    const clock = new FakeClock();
    const port = await freePort();
    const link = startLink(port, { clock });
    for (const expected of [100, 200, 400, 800]) {
      await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([expected]));
      clock.runNext();
    }
    await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([1600]));
    const hub = await startHub({ port });
    clock.runNext();
    await vi.waitFor(() => expect(link.connected).toBe(true));
    expect(clock.pendingDelays()).toEqual([]);
    hub.dropConnections();
    await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([100]));
  });
});

describe('calls across a lost connection', () => {
  it('re-sends a call in flight with the same callId after the next welcome, and answers it once', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    const outcome = link.call({ type: 'converse', message: 'Shall I deploy?', waitForResponse: true });
    const first = await hub.waitForCall('converse');
    expect(first.connection).toBe(1);

    hub.dropConnections();
    const again = await hub.waitForCall('converse', 2);
    expect(again.connection).toBe(2);
    expect(again.frame).toEqual(first.frame);
    // The re-send follows the new hello and welcome, never precedes it.
    const hellos = hub.framesOfType('hello').map((f) => f.connection);
    expect(hellos).toEqual([1, 2]);
    expect(hub.frames.indexOf(again)).toBeGreaterThan(hub.frames.findIndex((f) => f.connection === 2));

    hub.answer(first.frame.callId, 'yes, deploy');
    expect(await outcome).toEqual({ text: 'yes, deploy', isError: false });
    expect(hub.framesOfType('converse')).toHaveLength(2);
  });

  it('holds a call made while the hub is down and sends it once the hub is back', async () => {
    const port = await freePort();
    const link = startLink(port);
    const outcome = link.call({ type: 'set_status', text: 'running tests' });
    const hub = await startHub({ port });
    const call = await hub.waitForCall('set_status');
    expect(call.frame).toMatchObject({ type: 'set_status', text: 'running tests' });
    hub.answer(call.frame.callId, 'Status updated.');
    expect(await outcome).toEqual({ text: 'Status updated.', isError: false });
  });

  it('answers a call with a clear error when the hub stays away for the give-up window', async () => {
    const link = startLink(await freePort(), { giveUpMs: 300 });
    const outcome = await link.call({ type: 'converse', message: 'Anyone there?', waitForResponse: true });
    expect(outcome).toEqual({
      text: '(switchboard hub unreachable for 300 ms: the message was not delivered)',
      isError: true,
    });
  });

  it('gives up on a call made while the hub has opened the socket but not said welcome', async () => {
    const clock = new FakeClock();
    const hub = await startHub();
    hub.onHello = 'ignore';
    const link = startLink(hub.port, { clock, giveUpMs: 30_000, welcomeTimeoutMs: 60_000 });
    await hub.waitFor(() => hub.framesOfType('hello')[0]);
    const outcome = link.call({ type: 'set_status', text: 'compiling' });
    expect(clock.pendingDelays()).toEqual([60_000, 30_000]);
    expect(clock.runNext()).toBe(30_000);
    expect(await outcome).toEqual({
      text: '(switchboard hub unreachable for 30 s: the status was not set)',
      isError: true,
    });
    expect(hub.framesOfType('set_status')).toEqual([]);
  });

  it('gives up on a call that was in flight when the hub went away, saying it may have been heard', async () => {
    const clock = new FakeClock();
    const hub = await startHub();
    const link = startLink(hub.port, { clock, giveUpMs: 30_000 });
    const outcome = link.call({ type: 'converse', message: 'Still there?', waitForResponse: true });
    await hub.waitForCall('converse');
    await hub.stop();
    // The reconnect timer and the call's give-up timer; the give-up runs once 30 s have passed.
    await vi.waitFor(() => expect(clock.pendingDelays()).toEqual(expect.arrayContaining([100, 30_000])));
    while (clock.pendingDelays().includes(30_000)) {
      clock.runNext();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await outcome).toEqual({
      text: '(switchboard hub unreachable for 30 s: the message may not have reached the user and no reply came back)',
      isError: true,
    });
    // The link keeps trying: the hub may still come back for later calls.
    await vi.waitFor(() => expect(clock.pendingDelays().length).toBeGreaterThan(0));
  });
});

describe('when the hub says the session is gone', () => {
  it.each([
    ['unknownSession', PROXY_CLOSE.unknownSession, 'does not know this session'],
    ['badToken', PROXY_CLOSE.badToken, "rejected this session's token"],
    ['protocolMismatch', PROXY_CLOSE.protocolMismatch, 'different protocol version'],
  ])('%s: stops reconnecting and answers pending and future calls', async (_name, code, words) => {
    const clock = new FakeClock();
    const hub = await startHub();
    hub.onHello = { closeWith: code };
    const link = startLink(hub.port, { clock });
    const pending = await link.call({ type: 'converse', message: 'Hello?', waitForResponse: true });
    expect(pending.isError).toBe(true);
    expect(pending.text).toContain(words);
    expect(pending.text).toContain('do not retry');
    expect(clock.pendingDelays()).toEqual([]);
    expect(hub.connections).toBe(1);

    const later = await link.call({ type: 'whoami' });
    expect(later).toEqual(pending);
    expect(hub.framesOfType('whoami')).toEqual([]);
  });

  it('treats a hub that refuses the upgrade with HTTP 401 like close code badToken', async () => {
    const clock = new FakeClock();
    const hub = await startHub({ refuseUpgradeWith: 401 });
    const link = startLink(hub.port, { clock });
    const outcome = await link.call({ type: 'whoami' });
    expect(outcome.isError).toBe(true);
    expect(outcome.text).toContain("rejected this session's token");
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('keeps reconnecting after an ordinary close', async () => {
    const clock = new FakeClock();
    const hub = await startHub();
    hub.onHello = { closeWith: 1011 };
    startLink(hub.port, { clock });
    await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([100]));
  });
});

describe('frames from the hub', () => {
  it('ignores malformed frames and still takes the valid answer', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    const outcome = link.call({ type: 'whoami' });
    const call = await hub.waitForCall('whoami');
    hub.send('not json');
    hub.send({ type: 'result', callId: call.frame.callId, text: 42 });
    hub.send({ type: 'surprise', callId: call.frame.callId });
    hub.answer(call.frame.callId, '{"id":"sess-1"}');
    expect(await outcome).toEqual({ text: '{"id":"sess-1"}', isError: false });
  });

  it('answers a call with isError when the hub reports an error frame for it', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    const outcome = link.call({ type: 'set_status', text: 'x' });
    const call = await hub.waitForCall('set_status');
    hub.send({ type: 'error', callId: call.frame.callId, code: 'bad_frame', message: 'Frame is not valid.' });
    expect(await outcome).toEqual({
      text: '(switchboard hub error bad_frame: Frame is not valid.)',
      isError: true,
    });
  });

  it('does not send pending calls again on a second welcome over the same connection', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    const outcome = link.call({ type: 'converse', message: 'one', waitForResponse: true });
    const call = await hub.waitForCall('converse');
    hub.send({
      type: 'welcome',
      protocolVersion: 1,
      session: { id: sessionId, name: 'renamed', cwd: '/tmp/alpha', voice: 'af_heart', hubUrl: hub.url },
    });
    hub.answer(call.frame.callId, 'ok');
    expect(await outcome).toEqual({ text: 'ok', isError: false });
    // A later call is a sync point: a duplicate sent on the second welcome would have arrived before it.
    void link.call({ type: 'whoami' });
    await hub.waitForCall('whoami');
    expect(hub.framesOfType('converse')).toHaveLength(1);
    expect(link.session?.name).toBe('renamed');
  });

  it('passes the hub result isError through', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    const outcome = link.call({ type: 'converse', message: 'hi', waitForResponse: true });
    const call = await hub.waitForCall('converse');
    hub.answer(call.frame.callId, '(session muted)', true);
    expect(await outcome).toEqual({ text: '(session muted)', isError: true });
  });

  it('drops a connection that never says welcome and tries again', async () => {
    const clock = new FakeClock();
    const hub = await startHub();
    hub.onHello = 'ignore';
    startLink(hub.port, { clock, welcomeTimeoutMs: 5_000 });
    await hub.waitFor(() => hub.framesOfType('hello')[0]);
    expect(clock.pendingDelays()).toEqual([5_000]);
    clock.runNext();
    await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([100]));
    hub.onHello = 'welcome';
    clock.runNext();
    await hub.waitFor(() => hub.framesOfType('hello')[1]);
    expect(hub.connections).toBe(2);
  });
});

describe('session info and shutdown', () => {
  it('keeps the session from the welcome', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    await vi.waitFor(() => expect(link.connected).toBe(true));
    expect(link.session).toMatchObject({ id: sessionId, name: 'alpha', voice: 'af_heart' });
  });

  it('close() answers pending calls, closes the socket with 1000, and stops reconnecting', async () => {
    const hub = await startHub();
    const clock = new FakeClock();
    const link = startLink(hub.port, { clock });
    const outcome = link.call({ type: 'converse', message: 'bye?', waitForResponse: true });
    await hub.waitForCall('converse');
    await link.close();
    expect(await outcome).toMatchObject({ isError: true, text: expect.stringContaining('shutting down') });
    await vi.waitFor(() => expect(hub.closeCodes).toEqual([1000]));
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('answers a cancelled call at once and does not re-send it', async () => {
    const hub = await startHub();
    const link = startLink(hub.port);
    const controller = new AbortController();
    const outcome = link.call(
      { type: 'converse', message: 'long one', waitForResponse: true },
      controller.signal,
    );
    await hub.waitForCall('converse');
    controller.abort();
    expect(await outcome).toMatchObject({ isError: true, text: expect.stringContaining('cancelled') });
    hub.dropConnections();
    await hub.waitFor(() => hub.framesOfType('hello')[1]);
    await vi.waitFor(() => expect(link.connected).toBe(true));
    expect(hub.framesOfType('converse')).toHaveLength(1);
  });
});
