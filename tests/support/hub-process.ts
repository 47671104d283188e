import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAKE_CLAUDE } from './hub-harness.js';
import { freeStablePort } from './ports.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'switchboard.js');

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
    private readonly dataDir: string,
    private readonly socket: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<HubProcess> {
    const port = await freeStablePort(); // launch() restarts on it
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-hubproc-'));
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
    const hub = new HubProcess(`http://127.0.0.1:${port}`, token, hubEnv, dataDir, socket);
    await hub.launch();
    return hub;
  }

  /** Starts (again) on the same port, data dir and tmux socket; resolves when /health answers. */
  async launch(): Promise<void> {
    this.child = spawn(process.execPath, [CLI, 'start'], {
      env: this.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the hub exited with ${this.child.exitCode}`);
      const ok = await fetch(`${this.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
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

  api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
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
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
