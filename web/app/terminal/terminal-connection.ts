import {
  TERMINAL_CLOSE,
  hubToTerminalSchema,
  type PageToTerminal,
  type TerminalTicket,
} from '../../../protocol/terminal.js';

/** Asks the hub for a ticket (POST /api/sessions/:id/terminal-ticket); rejects with `status` on HTTP errors. */
export type GetTerminalTicket = (write: boolean, sessionId: string) => Promise<Pick<TerminalTicket, 'url'>>;

export type TerminalStatus =
  | { state: 'connecting' }
  | { state: 'open'; write: boolean; sessionCols: number; sessionRows: number }
  | { state: 'reconnecting'; inMs: number; reason: string }
  /** For good: the session is gone, or the hub refused the page's credentials. */
  | { state: 'closed'; reason: string };

export type TerminalConnectionOptions = {
  sessionId: string;
  write: boolean;
  getTicket: GetTerminalTicket;
  /** The terminal's size now: the socket opens with it, so tmux draws for it straight away. */
  size: () => { cols: number; rows: number };
  onOutput: (bytes: Uint8Array) => void;
  onStatus: (status: TerminalStatus) => void;
  /** Defaults are the page's own: its origin, the browser's WebSocket and timers. */
  origin?: { protocol: string; host: string };
  createSocket?: (url: string) => WebSocket;
};

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/**
 * The browser end of the terminal bridge, after xterm's addon-attach: binary frames are terminal
 * bytes both ways, text frames JSON (protocol/terminal.ts). Every listener and timer is a
 * disposable released on close. Lost connections come back with a fresh ticket, backing off
 * from 250 ms to 5 s; a gone session or refused credentials end it for good.
 */
export class TerminalConnection {
  private socket: WebSocket | undefined;
  private disposables: (() => void)[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private disposed = false;
  private readonly encoder = new TextEncoder();

  constructor(private readonly options: TerminalConnectionOptions) {}

  start(): void {
    void this.connect();
  }

  /** What the person typed or pasted (xterm's onData). */
  sendText(text: string): void {
    this.sendBytes(this.encoder.encode(text));
  }

  /** xterm's onBinary: mouse reports and the like, one byte per character. */
  sendBinary(data: string): void {
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
    this.sendBytes(bytes);
  }

  resize(cols: number, rows: number): void {
    this.sendJson({ type: 'resize', cols, rows });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.sendJson({ type: 'close' });
    this.releaseSocket();
    this.socket?.close(TERMINAL_CLOSE.normal);
    this.socket = undefined;
  }

  private async connect(): Promise<void> {
    const o = this.options;
    o.onStatus({ state: 'connecting' });
    let path: string;
    try {
      path = (await o.getTicket(o.write, o.sessionId)).url;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const reason = error instanceof Error ? error.message : String(error);
      if (status === 404 || status === 401) return this.end(reason);
      return this.retry(reason);
    }
    if (this.disposed) return;
    const { cols, rows } = o.size();
    const origin = o.origin ?? location;
    const scheme = origin.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${origin.host}${path}&cols=${cols}&rows=${rows}`;
    const socket = (o.createSocket ?? ((u: string) => new WebSocket(u)))(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.listen(socket, 'message', (event: MessageEvent) => this.onMessage(event));
    this.listen(socket, 'close', (event: CloseEvent) => this.onClose(event));
  }

  private onMessage(event: MessageEvent): void {
    if (event.data instanceof ArrayBuffer) return this.options.onOutput(new Uint8Array(event.data));
    const parsed = hubToTerminalSchema.safeParse(safeJson(String(event.data)));
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'hello') {
      this.failures = 0;
      this.options.onStatus({
        state: 'open',
        write: message.write,
        sessionCols: message.cols,
        sessionRows: message.rows,
      });
    }
  }

  private onClose(event: CloseEvent): void {
    this.releaseSocket();
    this.socket = undefined;
    if (this.disposed) return;
    const reason = event.reason || `the connection closed (code ${event.code})`;
    if (event.code === TERMINAL_CLOSE.sessionGone) return this.end(reason);
    this.retry(reason);
  }

  private retry(reason: string): void {
    if (this.disposed) return;
    const inMs = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures++);
    this.options.onStatus({ state: 'reconnecting', inMs, reason });
    this.retryTimer = setTimeout(() => void this.connect(), inMs);
  }

  private end(reason: string): void {
    this.options.onStatus({ state: 'closed', reason });
  }

  private sendBytes(bytes: Uint8Array): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  private sendJson(message: PageToTerminal): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private listen<K extends keyof WebSocketEventMap>(
    socket: WebSocket,
    type: K,
    handler: (event: WebSocketEventMap[K]) => void,
  ): void {
    socket.addEventListener(type, handler);
    this.disposables.push(() => socket.removeEventListener(type, handler));
  }

  private releaseSocket(): void {
    for (const dispose of this.disposables) dispose();
    this.disposables = [];
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
