import { execa } from 'execa';
import { AppError } from '../errors.js';

/**
 * The arguments every tmux command the hub runs starts with (TmuxRunner here, the terminal's
 * node-pty clients too): its own socket (`-L`); its config file (`-f`, read when the server
 * starts: the user's ~/.tmux.conf must not change how sessions behave); and `-u`. Without a UTF-8
 * locale (systemd, cron, `env -i`) tmux 3.3a writes what it formats (`-F`, `display -p`) with
 * every byte outside printable ASCII as "_" (a tab too), and an attached client draws Claude
 * Code's Unicode as underscores. `-u` says the client takes UTF-8, whatever the locale.
 */
export function tmuxBaseArgs(socket: string, configFile: string): string[] {
  return ['-u', '-L', socket, '-f', configFile];
}

/**
 * Runs tmux commands on the hub's own server: the one place that knows the socket, the config,
 * the environment, the timeout and how a failure reads. Sessions (ExecaTmux) and the terminal
 * bridge (PtyTmuxAttacher) both go through it, so both fail the same way.
 */
export class TmuxRunner {
  constructor(
    private readonly socket: string,
    private readonly configFile: string,
    /** The whole environment tmux gets (not merged with the hub's own). */
    readonly env: Record<string, string>,
  ) {}

  /** The leading arguments, for a tmux client that runs in a pseudo-terminal instead. */
  baseArgs(): string[] {
    return tmuxBaseArgs(this.socket, this.configFile);
  }

  /** Runs one command; its stdout without the final newline, or a tmux_failed AppError with tmux's stderr. */
  async run(args: string[], input?: string): Promise<string> {
    try {
      const result = await execa('tmux', [...this.baseArgs(), ...args], {
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

/** tmux found no server on the hub's socket: nothing runs there yet (or any more). */
export function isNoServer(error: unknown): boolean {
  return /no server running|error connecting|No such file or directory/i.test(messageOf(error));
}

/** The session named is not there (it ended, or was never started). */
export function isNoSession(error: unknown): boolean {
  return /can't find session|session not found/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
