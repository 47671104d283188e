import { spawn, type IPty } from 'node-pty';
import { isNoServer, isNoSession, type TmuxRunner } from '../tmux/tmux-runner.js';

export type TerminalSize = { cols: number; rows: number };

/** One tmux client attached to a session, running in a pseudo-terminal. */
export interface TerminalClient {
  /** The tmux client process. */
  readonly pid: number;
  onData(listener: (bytes: Buffer) => void): void;
  onExit(listener: (exitCode: number) => void): void;
  write(bytes: Buffer): void;
  resize(size: TerminalSize): void;
  /** Stop reading the client's output (back-pressure); tmux copes with a slow client itself. */
  pause(): void;
  resume(): void;
  /** Detaches the client; the session keeps running. */
  kill(): void;
}

/** Attaches tmux clients to the hub's sessions: viewers, the recorder. */
export interface TerminalAttacher {
  /** The session's window size plus its status line, or null when the tmux session is gone. */
  screenSize(tmuxSession: string): Promise<TerminalSize | null>;
  attach(tmuxSession: string, options: { readOnly: boolean; size: TerminalSize }): TerminalClient;
  /** Makes tmux draw the client's whole screen again (a recording's new file starts with it). */
  redraw(client: TerminalClient): Promise<void>;
}

/**
 * Builds the tmux command line of one attached client (after the runner's base arguments, whose `-u` keeps
 * Claude Code's Unicode from turning into underscores under a non-UTF-8 locale).
 *
 * Sizes: tmux makes a window as large as its attached clients (`window-size largest` in the
 * hub's tmux.conf), and `-f ignore-size` alone does not help when every attached client has the
 * flag (tmux then counts them all). So the window is first set to `window-size manual`: it keeps
 * the size the hub created it with (200x50), which Claude Code lays out for and capture-pane
 * reads; each viewer sees it through its own size (tmux pans a smaller client with the cursor).
 * Setting it here, not only in tmux.conf, also covers sessions on a tmux server started earlier.
 */
export function attachArgs(tmuxSession: string, readOnly: boolean): string[] {
  const flags = readOnly ? 'ignore-size,read-only' : 'ignore-size';
  return [
    'set-option',
    '-w',
    '-t',
    `=${tmuxSession}:`,
    'window-size',
    'manual',
    ';',
    'attach-session',
    '-f',
    flags,
    '-t',
    `=${tmuxSession}`,
  ];
}

/** tmux clients in node-pty, on the hub's own tmux socket; their commands go through the one runner. */
export class PtyTmuxAttacher implements TerminalAttacher {
  constructor(private readonly runner: TmuxRunner) {}

  async screenSize(tmuxSession: string): Promise<TerminalSize | null> {
    const format = '#{window_width} #{window_height} #{status}';
    let stdout: string;
    try {
      stdout = await this.runner.run(['display-message', '-p', '-t', `=${tmuxSession}:`, format]);
    } catch (error) {
      if (isNoServer(error) || isNoSession(error)) return null;
      throw error;
    }
    const [cols = '', rows = '', status = 'off'] = stdout.trim().split(' ');
    // `status` is on, off, or a number of status lines.
    const statusLines = status === 'on' ? 1 : /^\d$/.test(status) ? Number(status) : 0;
    return { cols: Number(cols), rows: Number(rows) + statusLines };
  }

  attach(tmuxSession: string, options: { readOnly: boolean; size: TerminalSize }): TerminalClient {
    const pty = spawn('tmux', [...this.runner.baseArgs(), ...attachArgs(tmuxSession, options.readOnly)], {
      name: 'xterm-256color',
      cols: options.size.cols,
      rows: options.size.rows,
      env: { ...this.runner.env, TERM: 'xterm-256color' },
      // Buffers, not strings: bytes go to the socket as they are, split UTF-8 and all.
      encoding: null,
    });
    return new PtyClient(pty);
  }

  async redraw(client: TerminalClient): Promise<void> {
    const clients = await this.runner.run(['list-clients', '-F', '#{client_pid} #{client_name}']);
    const line = clients.split('\n').find((l) => l.startsWith(`${client.pid} `));
    if (line !== undefined)
      await this.runner.run(['refresh-client', '-t', line.slice(line.indexOf(' ') + 1)]);
  }
}

class PtyClient implements TerminalClient {
  readonly pid: number;
  private exited = false;

  constructor(private readonly pty: IPty) {
    this.pid = pty.pid;
    pty.onExit(() => (this.exited = true));
  }

  onData(listener: (bytes: Buffer) => void): void {
    // With `encoding: null` node-pty hands out Buffers; its typings still say string.
    this.pty.onData((data: string | Buffer) => listener(typeof data === 'string' ? Buffer.from(data) : data));
  }

  onExit(listener: (exitCode: number) => void): void {
    this.pty.onExit(({ exitCode }) => listener(exitCode));
  }

  write(bytes: Buffer): void {
    if (!this.exited) this.pty.write(bytes);
  }

  resize(size: TerminalSize): void {
    if (!this.exited) this.pty.resize(size.cols, size.rows);
  }

  pause(): void {
    this.pty.pause();
  }

  resume(): void {
    this.pty.resume();
  }

  kill(): void {
    if (this.exited) return;
    this.exited = true;
    try {
      this.pty.kill();
    } catch {
      // Already gone: the exit event is on its way.
    }
  }
}
