// The page socket's sender (server/browser/page-sender.ts) against a fake socket that queues
// every frame until the "page" reads it, and a clock that moves only when the test says so.
import { describe, expect, it, vi } from 'vitest';
import { BROWSER_CLOSE, type HubToBrowser } from '../../../protocol/browser.js';
import { PageSender, type PageSenderLimits, type PageSocket } from '../../../server/browser/page-sender.js';
import { FakeClock } from '../mcp-proxy/support/fake-clock.js';
import { session } from '../web-app/fixtures.js';

// Nothing here waits for real time: a promise that never settles should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 5_000 });

const LIMITS: PageSenderLimits = {
  behindBytes: 1000,
  budgetBytes: 10_000,
  pingIntervalMs: 25_000,
  pongTimeoutMs: 15_000,
  closeGraceMs: 5_000,
};

type Frame = { data: string | Uint8Array | 'ping'; bytes: number; done: (error?: Error | null) => void };

/** Frames wait in `queue` (counted in bufferedAmount) until read() hands them to the page. */
class FakeSocket implements PageSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly queue: Frame[] = [];
  /** What the page has read, in order. */
  readonly read: Frame['data'][] = [];
  closedWith: { code: number; reason: string } | null = null;
  terminated = false;

  send(data: string | Uint8Array, _options: { binary: boolean }, done: (error?: Error | null) => void): void {
    this.enqueue({ data, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length, done });
  }

  ping(_data: undefined, _mask: undefined, done: (error?: Error | null) => void): void {
    this.enqueue({ data: 'ping', bytes: 2, done });
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }

  /** The page reads `count` frames (all by default); each frame's callback runs, as ws does. */
  readFrames(count = Infinity): void {
    for (let i = 0; i < count; i++) {
      const frame = this.queue.shift();
      if (frame === undefined) return;
      this.bufferedAmount -= frame.bytes;
      this.read.push(frame.data);
      frame.done(null); // as Node's streams do
    }
  }

  /** The JSON messages the page has read. */
  messages(): HubToBrowser[] {
    return this.read.filter((d) => typeof d === 'string' && d !== 'ping').map((d) => JSON.parse(d as string));
  }

  private enqueue(frame: Frame): void {
    this.bufferedAmount += frame.bytes;
    this.queue.push(frame);
  }
}

const status = (id: string, statusText: string): HubToBrowser => ({
  type: 'session_status',
  session: session({ id, statusText }),
});

function rig(limits: Partial<PageSenderLimits> = {}) {
  const socket = new FakeSocket();
  const clock = new FakeClock();
  const logged: string[] = [];
  const sender = new PageSender(socket, {
    clock,
    limits: { ...LIMITS, ...limits },
    log: { info: (_details, message) => logged.push(message) },
  });
  /** Puts `bytes` of audio in front of the page, which has not read it yet. */
  const backlog = (bytes: number) => sender.sendBinary(new Uint8Array(bytes));
  return { socket, clock, sender, logged, backlog };
}

/** Lets every promise that can settle now settle (no time passes: nothing waits for a timer). */
const microtasksRun = () => new Promise<void>((resolve) => setImmediate(resolve));

const statusTexts = (socket: FakeSocket) =>
  socket
    .messages()
    .flatMap((m) => (m.type === 'session_status' ? [`${m.session.id}:${m.session.statusText}`] : []));

describe('roster updates', () => {
  it('go out one by one while the page keeps up', () => {
    const { socket, sender } = rig();
    sender.send(status('a', '1'));
    socket.readFrames();
    sender.send(status('a', '2'));
    socket.readFrames();
    expect(statusTexts(socket)).toEqual(['a:1', 'a:2']);
  });

  it('are coalesced per session while the page is behind: the latest of each, in first-changed order', () => {
    const { socket, sender, backlog } = rig();
    backlog(5000);
    for (let i = 1; i <= 100; i++) {
      sender.send(status('b', `b${i}`));
      sender.send(status('a', `a${i}`));
    }
    expect(socket.queue).toHaveLength(1); // only the backlog: nothing more was queued for the page
    socket.readFrames();
    socket.readFrames();
    expect(statusTexts(socket)).toEqual(['b:b100', 'a:a100']);
  });

  it('keep waiting until the backlog is below the mark, not merely smaller', () => {
    const { socket, sender, backlog } = rig();
    backlog(800);
    backlog(800); // 1600 queued: behind (over 1000)
    sender.send(status('a', 'late'));
    socket.readFrames(1); // 800 left: caught up
    socket.readFrames();
    expect(statusTexts(socket)).toEqual(['a:late']);
  });

  it('never come after the removal of their session', () => {
    const { socket, sender, backlog } = rig();
    backlog(5000);
    sender.send(status('a', 'changed'));
    sender.send(status('b', 'changed'));
    sender.send({ type: 'session_removed', id: 'a' });
    socket.readFrames();
    socket.readFrames();
    const roster = socket
      .messages()
      .map((m) =>
        m.type === 'session_status'
          ? `status ${m.session.id}`
          : m.type === 'session_removed'
            ? `removed ${m.id}`
            : m.type,
      );
    expect(roster).toEqual(['removed a', 'status b']);
  });
});

describe('the send budget', () => {
  it('closes a page that falls further behind than the budget, says why, and cuts it after the grace', () => {
    const { socket, sender, clock, logged, backlog } = rig();
    backlog(9000);
    expect(socket.closedWith).toBeNull();
    sender.send({ type: 'hello', protocolVersion: 1 });
    backlog(2000); // 11 000 queued: over the budget of 10 000
    expect(socket.closedWith).toEqual({
      code: BROWSER_CLOSE.tooFarBehind,
      reason: expect.stringMatching(/behind/),
    });
    expect(logged).toEqual(['page too far behind: closed']);

    // Nothing more is queued for it: its memory is what it already had.
    const queued = socket.bufferedAmount;
    sender.send(status('a', 'more'));
    backlog(5000);
    expect(socket.bufferedAmount).toBe(queued);

    // The page never reads up to the close frame: after the grace the socket is cut.
    expect(socket.terminated).toBe(false);
    expect(clock.runNext()).toBe(LIMITS.closeGraceMs);
    expect(socket.terminated).toBe(true);
  });

  it('does not cut a page that completed the close within the grace', () => {
    const { socket, sender, clock, backlog } = rig();
    backlog(20_000);
    expect(socket.closedWith?.code).toBe(BROWSER_CLOSE.tooFarBehind);
    sender.dispose(); // the socket's 'close' event
    expect(clock.pendingDelays()).toEqual([]);
    expect(socket.terminated).toBe(false);
  });

  it('lets a page hold up to the budget', () => {
    const { socket, backlog } = rig();
    for (let i = 0; i < 10; i++) backlog(1000);
    expect(socket.bufferedAmount).toBe(10_000);
    expect(socket.closedWith).toBeNull();
  });
});

describe('ping and pong', () => {
  it('cuts a page whose pong does not come within the timeout of the ping leaving', () => {
    const { socket, clock, logged } = rig();
    expect(clock.runNext()).toBe(LIMITS.pingIntervalMs);
    expect(socket.queue.map((f) => f.data)).toEqual(['ping']);
    socket.readFrames(); // the ping left; the page never answers
    expect(clock.runNext()).toBe(LIMITS.pongTimeoutMs);
    expect(socket.terminated).toBe(true);
    expect(logged).toEqual(['page socket unresponsive: cut']);
  });

  it('keeps a page that answers every ping', () => {
    const { socket, sender, clock } = rig();
    for (let round = 0; round < 3; round++) {
      expect(clock.runNext()).toBe(LIMITS.pingIntervalMs);
      socket.readFrames();
      sender.onPong();
    }
    expect(socket.read.filter((d) => d === 'ping')).toHaveLength(3);
    expect(socket.terminated).toBe(false);
    expect(clock.pendingDelays()).toEqual([LIMITS.pingIntervalMs]); // only the next ping waits
  });

  it('gives a slow link time while its backlog drains, and cuts a page whose backlog stopped moving', async () => {
    const { socket, sender, clock, backlog } = rig();
    for (let i = 0; i < 4; i++) backlog(900);
    clock.runNext(); // a ping, behind the backlog
    socket.readFrames(1);
    clock.runNext(); // the backlog moved: still waiting for the ping's turn
    expect(socket.terminated).toBe(false);
    socket.readFrames(1);
    clock.runNext();
    expect(socket.terminated).toBe(false);
    clock.runNext(); // a whole interval with nothing read
    expect(socket.terminated).toBe(true);
    await expect(sender.caughtUp()).resolves.toBeUndefined();
  });

  it('stops pinging once the socket closed', () => {
    const { clock, sender } = rig();
    sender.dispose();
    expect(clock.pendingDelays()).toEqual([]);
  });
});

describe('caughtUp (what speech waits for between chunks)', () => {
  it('resolves at once for a page that keeps up, and only once a backlog drained below the mark', async () => {
    const { socket, sender, backlog } = rig();
    await sender.caughtUp();
    backlog(600);
    backlog(600);
    let done = false;
    const waiting = sender.caughtUp().then(() => (done = true));
    await microtasksRun();
    expect(done).toBe(false);
    socket.readFrames(1); // 600 left, under the mark of 1000
    await waiting;
    expect(done).toBe(true);
  });

  it('resolves when the turn is aborted or the socket closes while waiting', async () => {
    const { sender, backlog } = rig();
    backlog(5000);
    const abort = new AbortController();
    const aborted = sender.caughtUp(abort.signal);
    abort.abort();
    await aborted;
    const closing = sender.caughtUp();
    sender.dispose();
    await closing;
  });
});
