import { execa } from 'execa';
import { AppError } from '../errors.js';

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
 * Tmux on its own socket (`-L`), with the hub's config file (`-f`, read when the server starts):
 * the user's ~/.tmux.conf must not change how sessions behave.
 */
export class ExecaTmux implements Tmux {
  private pastes = 0;

  constructor(
    private readonly socket: string,
    private readonly configFile: string,
    private readonly env: Record<string, string>,
  ) {}

  async newSession(args: string[]): Promise<void> {
    await this.run(args);
  }

  async listPanes(): Promise<PaneInfo[]> {
    const format = '#{session_name}\t#{pane_dead}\t#{pane_pid}\t#{pane_dead_status}\t#{pane_dead_signal}';
    let stdout: string;
    try {
      stdout = await this.run(['list-panes', '-a', '-F', format]);
    } catch (error) {
      // No server on our socket simply means no sessions.
      if (isNoServer(error)) return [];
      throw error;
    }
    return stdout
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => {
        const [tmuxSession = '', dead = '0', pid = '0', status = '', signal = ''] = line.split('\t');
        return {
          tmuxSession,
          paneDead: dead === '1',
          panePid: Number(pid),
          deadStatus: status === '' ? null : Number(status),
          deadSignal: signal === '' ? null : Number(signal),
        };
      });
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

  private async run(args: string[], input?: string): Promise<string> {
    try {
      const result = await execa('tmux', ['-L', this.socket, '-f', this.configFile, ...args], {
        ...(input === undefined ? {} : { input }),
        env: this.env,
        extendEnv: false,
        stripFinalNewline: true,
        timeout: 10_000,
      });
      return result.stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new AppError('tmux_failed', `tmux ${args[0]} failed: ${stderr || String(error)}`, {
        cause: error,
      });
    }
  }
}

function isNoServer(error: unknown): boolean {
  return /no server running|error connecting|No such file or directory/i.test(String(messageOf(error)));
}

function isNoSession(error: unknown): boolean {
  return /can't find session|session not found/i.test(String(messageOf(error)));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
