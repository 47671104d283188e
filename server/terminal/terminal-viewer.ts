import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import {
  TERMINAL_CLOSE,
  TERMINAL_PROTOCOL_VERSION,
  pageToTerminalSchema,
  type HubToTerminal,
} from '../../protocol/terminal.js';
import { OutputBatcher } from './output-batcher.js';
import type { TerminalClient, TerminalSize } from './tmux-client.js';

/** Above this many bytes queued on the socket the tmux client is paused; below LOW it resumes. */
export const HIGH_WATER_BYTES = 1024 * 1024;
const LOW_WATER_BYTES = 128 * 1024;

export type ViewerOptions = {
  sessionId: string;
  write: boolean;
  /** The session's own size, told to the page in the hello frame. */
  screen: TerminalSize;
  log: FastifyBaseLogger;
  /** A person typed into the session (the hub then holds off typing messages in for a moment). */
  onInput?: (() => void) | undefined;
};

/**
 * One page's view of one session: a tmux client in a pty on one side, a WebSocket on the other.
 * Output is batched and stops being read while the socket is backed up; input reaches the pty
 * only when the ticket allowed writing. Closing either side closes the other.
 */
export class TerminalViewer {
  readonly sessionId: string;
  private readonly batcher: OutputBatcher;
  private paused = false;
  private toldReadOnly = false;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly client: TerminalClient,
    private readonly options: ViewerOptions,
  ) {
    this.sessionId = options.sessionId;
    this.batcher = new OutputBatcher((bytes) => this.sendOutput(bytes));
    client.onData((bytes) => this.batcher.push(bytes));
    client.onExit(() => {
      this.batcher.flush();
      this.close(
        TERMINAL_CLOSE.ended,
        'the terminal ended: its tmux session closed or this viewer was detached',
      );
    });
    socket.on('message', (data, isBinary) => this.onMessage(toBuffer(data), isBinary));
    socket.on('close', () => this.dispose());
    this.sendJson({
      type: 'hello',
      protocolVersion: TERMINAL_PROTOCOL_VERSION,
      sessionId: options.sessionId,
      write: options.write,
      cols: options.screen.cols,
      rows: options.screen.rows,
    });
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
    this.dispose();
  }

  private onMessage(bytes: Buffer, isBinary: boolean): void {
    if (isBinary) {
      if (this.options.write) {
        this.options.onInput?.();
        return this.client.write(bytes);
      }
      if (!this.toldReadOnly) {
        this.toldReadOnly = true;
        this.sendJson({ type: 'error', message: 'This viewer is read-only: what you type is not sent.' });
      }
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.sendJson({ type: 'error', message: 'Text frames must be JSON.' });
    }
    const parsed = pageToTerminalSchema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`)
        .join('; ');
      return this.sendJson({ type: 'error', message: `Bad message: ${detail}` });
    }
    const message = parsed.data;
    if (message.type === 'resize') this.client.resize({ cols: message.cols, rows: message.rows });
    else this.close(TERMINAL_CLOSE.normal, 'closed by the page');
  }

  private sendOutput(bytes: Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(bytes, { binary: true }, () => this.onSent());
    if (!this.paused && this.socket.bufferedAmount > HIGH_WATER_BYTES) {
      this.paused = true;
      this.client.pause();
    }
  }

  private onSent(): void {
    if (this.paused && !this.closed && this.socket.bufferedAmount <= LOW_WATER_BYTES) {
      this.paused = false;
      this.client.resume();
    }
  }

  private sendJson(message: HubToTerminal): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.batcher.dispose();
    this.client.kill();
    this.options.log.debug({ sessionId: this.sessionId }, 'terminal viewer closed');
    for (const listener of this.closeListeners) listener();
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
