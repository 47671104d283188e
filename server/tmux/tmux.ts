import { AppError } from '../errors.js';
import { isNoServer, isNoSession, type TmuxRunner } from './tmux-runner.js';

export type PaneInfo = {
  tmuxSession: string;
  paneDead: boolean;
  panePid: number;
  deadStatus: number | null;
  /** The signal that killed the pane's program, when one did. */
  deadSignal: number | null;
};

export type CaptureOptions = { lines?: number; ansi?: boolean };

/** The hub's view of its own tmux server. */
export interface Tmux {
  /** Runs `tmux new-session` with prepared arguments (see launch-command.ts). */
  newSession(args: string[]): Promise<void>;
  listPanes(): Promise<PaneInfo[]>;
  capturePane(tmuxSession: string, options?: CaptureOptions): Promise<string>;
  /** tmux key names (`Enter`, `Escape`, `1`, `C-c`); never raw text. */
  sendKeys(tmuxSession: string, keys: string[]): Promise<void>;
  /**
   * Types `text` as one bracketed paste (so newlines do not submit it), then Enter as its own key.
   * The caller strips control bytes first.
   */
  pasteText(tmuxSession: string, text: string): Promise<void>;
  killSession(tmuxSession: string): Promise<void>;
}

/**
 * `list-panes -F`. ":" separates the fields because no locale mangles it (the tab once used
 * became "_") and tmux never lets one into a session name (it turns ":" and "." into "_"); the
 * name goes last all the same, so nothing in it can shift a field.
 */
const PANE_FORMAT = '#{pane_dead}:#{pane_pid}:#{pane_dead_status}:#{pane_dead_signal}:#{session_name}';
const PANE_LINE = /^(?<dead>[01]):(?<pid>\d+):(?<status>\d*):(?<signal>\d*):(?<name>.+)$/;

/**
 * Reads `list-panes` output, strictly. A line it cannot read is an error that names the line,
 * never "no pane there": the monitor marks a session exited when tmux lists no pane for it, and
 * a misread listing once marked every running session exited (issue 12, finding 7).
 */
export function parsePaneList(stdout: string): PaneInfo[] {
  if (stdout === '') return [];
  return stdout.split('\n').map((line) => {
    const fields = PANE_LINE.exec(line)?.groups;
    if (fields === undefined) {
      throw new AppError(
        'tmux_failed',
        `tmux list-panes printed a line the hub cannot read: ${JSON.stringify(line)}`,
      );
    }
    const { dead = '', pid = '', status = '', signal = '', name = '' } = fields;
    return {
      tmuxSession: name,
      paneDead: dead === '1',
      panePid: Number(pid),
      deadStatus: status === '' ? null : Number(status),
      deadSignal: signal === '' ? null : Number(signal),
    };
  });
}

/** Tmux on the hub's own socket and config, through the one runner (tmux-runner.ts). */
export class ExecaTmux implements Tmux {
  private pastes = 0;

  constructor(private readonly runner: TmuxRunner) {}

  async newSession(args: string[]): Promise<void> {
    await this.run(args);
  }

  async listPanes(): Promise<PaneInfo[]> {
    let stdout: string;
    try {
      stdout = await this.run(['list-panes', '-a', '-F', PANE_FORMAT]);
    } catch (error) {
      // No server on our socket simply means no sessions.
      if (isNoServer(error)) return [];
      throw error;
    }
    return parsePaneList(stdout);
  }

  async capturePane(tmuxSession: string, options: CaptureOptions = {}): Promise<string> {
    const args = ['capture-pane', '-p', '-t', `=${tmuxSession}:`];
    if (options.ansi === true) args.push('-e');
    if (options.lines !== undefined) args.push('-S', String(-options.lines));
    return this.run(args);
  }

  async sendKeys(tmuxSession: string, keys: string[]): Promise<void> {
    await this.run(['send-keys', '-t', `=${tmuxSession}:`, ...keys]);
  }

  async pasteText(tmuxSession: string, text: string): Promise<void> {
    // A buffer per call: two sessions' pastes never mix; -d deletes it once pasted.
    const buffer = `sb-paste-${process.pid}-${++this.pastes}`;
    await this.run(['load-buffer', '-b', buffer, '-'], text);
    await this.run(['paste-buffer', '-p', '-d', '-b', buffer, '-t', `=${tmuxSession}:`]);
    await this.run(['send-keys', '-t', `=${tmuxSession}:`, 'C-m']);
  }

  async killSession(tmuxSession: string): Promise<void> {
    try {
      await this.run(['kill-session', '-t', `=${tmuxSession}`]);
    } catch (error) {
      if (isNoServer(error) || isNoSession(error)) return;
      throw error;
    }
  }

  private run(args: string[], input?: string): Promise<string> {
    return this.runner.run(args, input);
  }
}
