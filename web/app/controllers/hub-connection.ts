import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { hubToBrowserSchema, type HubToBrowser } from '../../../protocol/browser.js';
import type { PageLog } from '../log.js';
import { Backoff } from '../state/backoff.js';

export type ConnectionStatus = 'offline' | 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export type HubConnectionOptions = {
  /** The page's hub: `ws(s)://<host>/ws?token=`. */
  socketUrl: (token: string) => string;
  onMessage: (message: HubToBrowser) => void;
  /** A socket opened (the voice client attaches to it) or the open one closed (null). */
  onSocket: (socket: WebSocket | null) => void;
  /**
   * A browser hides why a WebSocket upgrade failed; a REST call with the same token tells a
   * refused token (the page asks for it again) from a hub that is down (the page retries).
   */
  checkToken: (token: string) => Promise<'ok' | 'unauthorized' | 'unreachable'>;
  onUnauthorized: () => void;
  log: PageLog;
  backoff?: Backoff;
};

/**
 * The page's one socket to the hub: opens it, validates every JSON message against the protocol,
 * and reconnects with exponential backoff (250 ms .. 5 s) for as long as the page is open.
 * Binary frames are the voice client's (it listens on the same socket).
 */
export class HubConnection implements ReactiveController {
  status: ConnectionStatus = 'offline';
  /** When the next attempt is due (epoch ms), while reconnecting. */
  retryAt: number | null = null;
  private socket: WebSocket | null = null;
  private token: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff: Backoff;
  private readonly wake = () => {
    // A phone back from the pocket, or the network back: no need to wait out the backoff.
    if (this.status === 'reconnecting' && document.visibilityState === 'visible') this.retryNow();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: HubConnectionOptions,
  ) {
    this.backoff = options.backoff ?? new Backoff();
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.wake);
    if (this.token !== null && this.socket === null) this.open();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    this.closeSocket();
  }

  start(token: string): void {
    this.token = token;
    this.backoff.reset();
    this.closeSocket();
    this.open();
  }

  stop(): void {
    this.token = null;
    this.closeSocket();
    this.setStatus('offline');
  }

  retryNow(): void {
    if (this.token === null || this.status === 'open' || this.status === 'connecting') return;
    clearTimeout(this.timer);
    this.open();
  }

  private open(): void {
    const token = this.token;
    if (token === null) return;
    clearTimeout(this.timer);
    this.retryAt = null;
    if (this.status !== 'reconnecting') this.setStatus('connecting');
    const socket = new WebSocket(this.options.socketUrl(token));
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      opened = true;
      this.backoff.reset();
      this.setStatus('open');
      this.options.onSocket(socket);
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (this.socket === socket && typeof event.data === 'string') this.receive(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (opened) {
        // Also the hub's BROWSER_CLOSE.tooFarBehind (this page fell behind): as after any close,
        // the new socket starts from a fresh session_list and the transcript catches up over REST.
        this.options.log.debug(`socket closed (${event.code} ${event.reason || 'no reason'}); reconnecting`);
        this.options.onSocket(null);
      }
      void this.afterClose(token, opened);
    });
    // 'error' is always followed by 'close', which does the work.
  }

  private async afterClose(token: string, wasOpen: boolean): Promise<void> {
    // Probing costs a request (and a console line per failure while the hub is down): the first
    // failure of a streak is where a refused token shows, then every fifth.
    if (!wasOpen && this.backoff.attempts % 5 === 0) {
      const verdict = await this.options.checkToken(token).catch(() => 'unreachable' as const);
      if (this.token !== token) return; // stopped or restarted meanwhile
      if (verdict === 'unauthorized') {
        this.token = null;
        this.setStatus('unauthorized');
        this.options.onUnauthorized();
        return;
      }
    }
    const delay = this.backoff.next();
    this.retryAt = Date.now() + delay;
    this.setStatus('reconnecting');
    this.timer = setTimeout(() => this.open(), delay);
  }

  private receive(data: string): void {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.options.log.warn('ignored a text frame from the hub that is not JSON');
      return;
    }
    const parsed = hubToBrowserSchema.safeParse(json);
    if (!parsed.success) {
      const type = (json as { type?: unknown } | null)?.type;
      this.options.log.warn(`ignored an invalid "${String(type)}" message from the hub`, parsed.error.issues);
      return;
    }
    this.options.onMessage(parsed.data);
  }

  private closeSocket(): void {
    clearTimeout(this.timer);
    this.retryAt = null;
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.options.onSocket(null);
    socket.close();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.host.requestUpdate();
  }
}
