import { BROWSER_CLOSE, type HubToBrowser } from '../../protocol/browser.js';
import type { Session } from '../../protocol/session.js';
import type { Cancel, Clock } from '../clock.js';

/** The parts of a `ws` WebSocket the sender uses: the real one fits, tests pass a fake. */
export interface PageSocket {
  readonly readyState: number;
  /** Bytes accepted by send() that the kernel has not taken yet: a page that falls behind shows here. */
  readonly bufferedAmount: number;
  /** `done` runs once the frame has left this process (with an error when the socket ended first). */
  send(data: string | Uint8Array, options: { binary: boolean }, done: (error?: Error | null) => void): void;
  ping(data: undefined, mask: undefined, done: (error?: Error | null) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export type PageSenderLimits = {
  /**
   * Above this many queued bytes the page is behind: roster updates wait (the latest per session
   * replaces an older one) and speech waits before its next chunk, until the queue drains below.
   */
  behindBytes: number;
  /** Above this many queued bytes the page is closed with BROWSER_CLOSE.tooFarBehind; it reconnects. */
  budgetBytes: number;
  pingIntervalMs: number;
  /** How long a pong may take once the ping has left this process. */
  pongTimeoutMs: number;
  /** After the close for falling behind, how long the page has to read up to it before it is cut. */
  closeGraceMs: number;
};

/**
 * Why these numbers: the page takes speech as PCM16 at 24 kHz, 48 kB per second of speech, and a
 * chunk (at most 300 characters, at speed 0.5) is up to 1.7 MB. Unpaced, one 3000-character
 * message at speed 0.5 queued 12.9 MB for a page reading at loopback speed; paced at
 * `behindBytes`, what waits for a page that keeps up stays near 1 MiB plus one chunk (measured
 * 1.1 MB), so 8 MiB leaves several chunks of headroom, and four pages that never read hold 32 MiB
 * at most. The grace decides only whether a closed page reads the close code or an abrupt end (it
 * reconnects either way); it bounds how long a page that reads nothing keeps its queue.
 * A ping every 25 s is also traffic for proxies and NATs that drop idle connections after 30-60 s;
 * 15 s for the pong covers a phone's radio waking up and what is still in flight ahead of it.
 */
export const DEFAULT_PAGE_LIMITS: PageSenderLimits = {
  behindBytes: 1024 * 1024,
  budgetBytes: 8 * 1024 * 1024,
  pingIntervalMs: 25_000,
  pongTimeoutMs: 15_000,
  closeGraceMs: 5_000,
};

// The WebSocket standard's readyState for an open socket (ws uses the same values).
const OPEN = 1;

type PingState = 'none' | 'queued' | 'in-flight';

/**
 * Everything the hub sends one page goes through here, so that a page that stops reading costs
 * the hub a bounded amount of memory: session_status is coalesced per session while the page is
 * behind, a page further behind than the budget is closed (and reconnects to a fresh
 * session_list), and a page that answers no ping is cut off.
 */
export class PageSender {
  private state: 'open' | 'closing' | 'closed' = 'open';
  /** The latest roster update per session, waiting for the page to catch up (insertion order). */
  private readonly pending = new Map<string, Session>();
  private readonly waiters = new Set<() => void>();
  /** Frames that have left this process so far; a backlog that does not move is a stalled page. */
  private written = 0;
  private writtenAtTick = 0;
  private ping: PingState = 'none';
  private pingTimer: Cancel | undefined;
  private pongTimer: Cancel | undefined;
  private graceTimer: Cancel | undefined;

  constructor(
    private readonly socket: PageSocket,
    private readonly deps: {
      clock: Clock;
      limits: PageSenderLimits;
      log: { info(details: object, message: string): void };
    },
  ) {
    this.pingTimer = deps.clock.schedule(deps.limits.pingIntervalMs, () => this.tick());
  }

  send(message: HubToBrowser): void {
    if (message.type === 'session_status') return this.sendStatus(message.session);
    // A removal settles the session: an update still waiting for it would only bring it back.
    if (message.type === 'session_removed') this.pending.delete(message.id);
    this.write(JSON.stringify(message), false);
  }

  sendBinary(bytes: Uint8Array): void {
    this.write(bytes, true);
  }

  /**
   * Resolves once the page is no longer behind (at once when it is not), or when the socket ended
   * or `signal` aborted: what a sender of bulk data (speech) waits for before its next piece.
   */
  caughtUp(signal?: AbortSignal): Promise<void> {
    if (this.state !== 'open' || signal?.aborted === true || !this.behind()) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        this.waiters.delete(release);
        signal?.removeEventListener('abort', release);
        resolve();
      };
      this.waiters.add(release);
      signal?.addEventListener('abort', release);
    });
  }

  onPong(): void {
    this.ping = 'none';
    this.pongTimer?.();
  }

  /** The socket closed (either side): nothing more is sent and every timer stops. */
  dispose(): void {
    this.stop('closed');
  }

  private sendStatus(session: Session): void {
    // Once one waits, later ones wait too, so a page never sees an older state after a newer one.
    if (this.pending.size > 0 || this.behind()) {
      this.pending.set(session.id, session);
      return;
    }
    this.write(JSON.stringify({ type: 'session_status', session } satisfies HubToBrowser), false);
  }

  private write(data: string | Uint8Array, binary: boolean): void {
    if (this.state !== 'open' || this.socket.readyState !== OPEN) return;
    this.socket.send(data, { binary }, this.afterWrite);
    if (this.socket.bufferedAmount > this.deps.limits.budgetBytes) this.fallBehind();
  }

  private readonly afterWrite = (): void => {
    this.written++;
    if (this.state !== 'open' || this.behind()) return;
    if (this.pending.size > 0) {
      const sessions = [...this.pending.values()];
      this.pending.clear();
      for (const session of sessions) this.sendStatus(session);
    }
    if (!this.behind()) for (const release of [...this.waiters]) release();
  };

  private behind(): boolean {
    return this.socket.bufferedAmount > this.deps.limits.behindBytes;
  }

  private tick(): void {
    this.pingTimer = this.deps.clock.schedule(this.deps.limits.pingIntervalMs, () => this.tick());
    const moved = this.written !== this.writtenAtTick;
    this.writtenAtTick = this.written;
    if (this.ping === 'queued') {
      // The last ping still waits behind a backlog: a slow link is given time while it drains,
      // a page whose backlog did not move for a whole interval has stopped reading.
      if (!moved) this.cut(`took nothing for ${this.deps.limits.pingIntervalMs} ms`);
      return;
    }
    if (this.ping === 'in-flight') return; // the pong timer decides
    this.ping = 'queued';
    this.socket.ping(undefined, undefined, (error) => {
      this.written++;
      // Node passes null, not undefined, for a write that succeeded.
      if (error != null || this.state !== 'open' || this.ping !== 'queued') return;
      this.ping = 'in-flight';
      this.pongTimer = this.deps.clock.schedule(this.deps.limits.pongTimeoutMs, () =>
        this.cut(`no pong within ${this.deps.limits.pongTimeoutMs} ms`),
      );
    });
  }

  private fallBehind(): void {
    const { budgetBytes, closeGraceMs } = this.deps.limits;
    this.deps.log.info(
      { queuedBytes: this.socket.bufferedAmount, budgetBytes },
      'page too far behind: closed',
    );
    this.stop('closing');
    // The close frame queues behind what the page has not read; a page that reads nothing at all
    // would keep all of it (ws waits 30 s), so after the grace the socket is cut and it is freed.
    this.socket.close(BROWSER_CLOSE.tooFarBehind, 'too far behind: reconnect for a fresh state');
    this.graceTimer = this.deps.clock.schedule(closeGraceMs, () => this.socket.terminate());
  }

  private cut(reason: string): void {
    this.deps.log.info({ reason }, 'page socket unresponsive: cut');
    this.stop('closed');
    this.socket.terminate();
  }

  private stop(state: 'closing' | 'closed'): void {
    this.state = state;
    this.pending.clear();
    this.pingTimer?.();
    this.pongTimer?.();
    if (state === 'closed') this.graceTimer?.();
    for (const release of [...this.waiters]) release();
  }
}
