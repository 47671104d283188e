/**
 * Gathers terminal output into fewer, larger WebSocket frames. The first chunk after a quiet
 * spell goes out on the next turn of the event loop, so a keystroke's echo is not held back;
 * while output keeps coming, chunks are gathered for up to `delayMs` after the last send or
 * until `maxBytes` are waiting, whichever comes first.
 */
export class OutputBatcher {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly send: (bytes: Buffer) => void,
    private readonly delayMs = 5,
    private readonly maxBytes = 32 * 1024,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.maxBytes) return this.flush();
    if (this.timer !== undefined || this.immediate !== undefined) return;
    const wait = this.lastSendAt + this.delayMs - this.now();
    if (wait <= 0) this.immediate = setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    this.cancel();
    if (this.pendingBytes === 0) return;
    const bytes = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.lastSendAt = this.now();
    this.send(bytes);
  }

  /** Drops what is waiting (the socket is gone). */
  dispose(): void {
    this.cancel();
    this.pending = [];
    this.pendingBytes = 0;
  }

  private cancel(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}
