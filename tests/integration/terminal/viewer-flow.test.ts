// The viewer's flow control with test doubles on both sides: a socket whose buffer fills when
// the page stops reading, and a tmux client that records pause/resume. (With real tmux a flood
// rarely backs up a loopback socket: tmux sends a client its screen, not every byte.)
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { HIGH_WATER_BYTES, TerminalViewer } from '../../../server/terminal/terminal-viewer.js';
import type { TerminalClient } from '../../../server/terminal/tmux-client.js';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 1;
  bufferedAmount = 0;
  frames: (Buffer | string)[] = [];
  private callbacks: (() => void)[] = [];

  send(data: Buffer | string, options?: unknown, callback?: () => void): void {
    this.frames.push(data);
    if (Buffer.isBuffer(data)) this.bufferedAmount += data.length;
    if (callback !== undefined) this.callbacks.push(callback);
  }

  /** The page reads everything that waited. */
  drain(): void {
    this.bufferedAmount = 0;
    for (const callback of this.callbacks.splice(0)) callback();
  }

  close(): void {
    this.readyState = 3;
    this.emit('close');
  }
}

class FakeClient implements TerminalClient {
  readonly pid = 1;
  readonly calls: string[] = [];
  readonly written: Buffer[] = [];
  private dataListener: (bytes: Buffer) => void = () => undefined;
  onData(listener: (bytes: Buffer) => void): void {
    this.dataListener = listener;
  }
  onExit(): void {}
  emit(bytes: Buffer): void {
    this.dataListener(bytes);
  }
  write(bytes: Buffer): void {
    this.written.push(bytes);
  }
  resize(): void {
    this.calls.push('resize');
  }
  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
  kill(): void {
    this.calls.push('kill');
  }
}

const silentLog = { debug: () => undefined } as never;

function viewer(write: boolean) {
  const socket = new FakeSocket();
  const client = new FakeClient();
  const typed: number[] = [];
  new TerminalViewer(socket as unknown as WebSocket, client, {
    sessionId: 's1',
    write,
    screen: { cols: 200, rows: 51 },
    log: silentLog,
    onInput: () => typed.push(Date.now()),
  });
  return { socket, client, typed };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a terminal viewer', () => {
  it('stops reading tmux while the page is behind, and reads again once it caught up', async () => {
    const { socket, client } = viewer(true);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let sent = 0; sent <= HIGH_WATER_BYTES + chunk.length; sent += chunk.length) client.emit(chunk);
    await tick();
    expect(client.calls.filter((c) => c === 'pause')).toHaveLength(1);
    socket.drain();
    expect(client.calls.filter((c) => c === 'resume')).toHaveLength(1);
  });

  it('gathers small chunks into few frames', async () => {
    const { socket, client } = viewer(true);
    await tick(); // past the first, immediate send window
    for (let i = 0; i < 100; i++) client.emit(Buffer.from('ab'));
    await tick();
    const binary = socket.frames.filter((f) => Buffer.isBuffer(f)) as Buffer[];
    expect(Buffer.concat(binary).toString()).toBe('ab'.repeat(100));
    expect(binary.length).toBeLessThanOrEqual(2);
  });

  it('passes keys through with a write ticket, and drops them read-only', () => {
    const writer = viewer(true);
    writer.socket.emit('message', Buffer.from('ls\r'), true);
    expect(Buffer.concat(writer.client.written).toString()).toBe('ls\r');
    // The hub learns a person is typing (message delivery waits for them).
    expect(writer.typed).toHaveLength(1);

    const reader = viewer(false);
    reader.socket.emit('message', Buffer.from('rm -rf /\r'), true);
    reader.socket.emit('message', Buffer.from('again'), true);
    expect(reader.client.written).toEqual([]);
    expect(reader.typed).toEqual([]);
    const errors = reader.socket.frames.filter((f) => typeof f === 'string' && f.includes('"error"'));
    expect(errors).toHaveLength(1);
  });

  it('detaches its tmux client when the socket closes', () => {
    const { socket, client } = viewer(false);
    socket.close();
    expect(client.calls).toContain('kill');
  });
});
