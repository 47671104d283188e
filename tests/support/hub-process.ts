import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAKE_CLAUDE } from './hub-harness.js';
import { freeStablePort } from './ports.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'switchboard.js');

export type HubProcessOptions = {
  /**
   * Start on this (another hub's) data dir instead of a new one; dispose() leaves it in place.
   * The port and the tmux socket are still this hub's own, as for a second hub a person starts
   * by mistake.
   */
  dataDir?: string;
};

/** The hub process ended before it answered /health; `stderr` holds what it said. */
export class HubExitedError extends Error {
  override name = 'HubExitedError';

  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderr: string,
  ) {
    super(`the hub exited with ${exitCode ?? signal}: ${stderr.trim()}`);
  }
}

/**
 * The hub as its own process, as `npm start` runs it (built code): for tests that must kill it
 * (SIGKILL) and for benchmarks whose load must not share the hub's event loop.
 */
export class HubProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly url: string,
    readonly token: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly dataDir: string,
    readonly socket: string,
    private readonly ownsDataDir: boolean,
  ) {}

  /** The hub process's pid while it runs. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  static async start(env: Record<string, string> = {}, options: HubProcessOptions = {}): Promise<HubProcess> {
    const port = await freeStablePort(); // launch() restarts on it
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sb-hubproc-'));
    const socket = `sbproc-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const token = `test-token-${Math.random().toString(36).slice(2)}`;
    const hubEnv = {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_PORT: String(port),
      SWITCHBOARD_TMUX_SOCKET: socket,
      SWITCHBOARD_TOKEN: token,
      SWITCHBOARD_CLAUDE_BIN: FAKE_CLAUDE,
      SWITCHBOARD_LOG_LEVEL: 'warn',
      ...env,
    };
    const hub = new HubProcess(
      `http://127.0.0.1:${port}`,
      token,
      hubEnv,
      dataDir,
      socket,
      options.dataDir === undefined,
    );
    try {
      await hub.launch();
    } catch (error) {
      await hub.dispose();
      throw error;
    }
    return hub;
  }

  /**
   * Starts (again) on the same port, data dir and tmux socket; resolves when /health answers,
   * rejects with a HubExitedError (holding its stderr) when the process ends first.
   */
  async launch(): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'start'], {
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    // Passed on as before; kept until the hub answers, for the error if it never does.
    let stderr = '';
    let keep = true;
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      if (keep) stderr += chunk.toString('utf8');
    });
    const ended = new Promise<void>((done) => child.once('close', () => done()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        await ended; // all of stderr read
        throw new HubExitedError(child.exitCode, child.signalCode, stderr);
      }
      const ok = await fetch(`${this.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        keep = false;
        stderr = '';
        return;
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error('the hub did not answer /health within 20 s');
  }

  /** Kills the hub process the hard way (no shutdown code runs), by its pid. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  /** fetch with the hub token, or with `credential` (a page login) when given. */
  api(method: string, path: string, body?: unknown, credential = this.token): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${credential}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async dispose(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // no server left
    }
    rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), {
      force: true,
    });
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
