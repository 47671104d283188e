import type { Session } from '../../protocol/session.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig, type HubConfig } from '../../server/config.js';
import { createHub, type Hub } from '../../server/hub.js';
import type { SttEngine, TtsEngine } from '../../server/voice/engines/engine-types.js';
import { FixedCostStt, FixedCostTts } from './fixed-cost-engines.js';
import { freeStablePort } from './ports.js';

export const FAKE_CLAUDE = resolve(import.meta.dirname, 'fake-claude.mjs');

export type TestHub = {
  hub: Hub;
  url: string;
  config: HubConfig;
  /** A fresh single-use login link for the page, as `npm start` prints one. */
  loginUrl(): string;
  /** fetch against the hub with its token. */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<Response>;
  /** Stops the hub only; tmux sessions keep running (as after a real hub restart). */
  stop(): Promise<void>;
  /** Starts a new hub on the same data dir, tmux socket and port. */
  restart(): Promise<void>;
  /** Stops the hub, kills its tmux server by socket name, removes the data dir. */
  dispose(): Promise<void>;
};

/** A real hub on loopback (a free port), a temp data dir and its own tmux socket. */
export async function startTestHub(
  options: {
    env?: Record<string, string>;
    /** false: the hub (and so its sessions) gets only `env`, not the test runner's environment. */
    inheritEnv?: boolean;
    claudeBin?: string;
    token?: string;
    /** The health check's period; tests default to 200 ms to notice changes quickly. */
    monitorIntervalMs?: number;
    /** Speech engines; by default instant fixed-cost ones (tests/support/fixed-cost-engines.ts). */
    engines?: { tts: TtsEngine; stt: SttEngine };
  } = {},
): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-hub-'));
  const socket = `sbtest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const env: NodeJS.ProcessEnv = {
    ...(options.inheritEnv === false ? {} : process.env),
    SWITCHBOARD_DATA_DIR: dataDir,
    // restart() comes back on the same port: one outside the ephemeral range (see ports.ts).
    SWITCHBOARD_PORT: String(await freeStablePort()),
    SWITCHBOARD_TMUX_SOCKET: socket,
    SWITCHBOARD_CLAUDE_BIN: options.claudeBin ?? FAKE_CLAUDE,
    ...(options.token === undefined ? {} : { SWITCHBOARD_TOKEN: options.token }),
    ...options.env,
  };
  let config = loadConfig(env);
  const engines = options.engines ?? { tts: new FixedCostTts(), stt: new FixedCostStt() };
  const hubOptions = {
    env,
    engines,
    logger: process.env.SB_TEST_LOG === '1' ? { level: 'debug' } : false,
    monitorIntervalMs: options.monitorIntervalMs ?? 200,
  };
  let hub = await createHub(config, hubOptions);
  let url = await hub.start();
  config = { ...config, port: Number(new URL(url).port) };

  const harness: TestHub = {
    get hub() {
      return hub;
    },
    get url() {
      return url;
    },
    config,
    loginUrl() {
      return `${url}${hub.loginPath()}`;
    },
    api(method, path, body, token) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token ?? hub.token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async stop() {
      await hub.close();
    },
    async restart() {
      hub = await createHub(config, hubOptions);
      url = await hub.start();
    },
    async dispose() {
      await hub.close().catch(() => undefined);
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // no server left
      }
      // tmux 3.3 leaves its socket file behind after kill-server.
      rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {
        force: true,
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last state seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The text on a session's tmux screen. */
export function screenOf(socket: string, tmuxSession: string): string {
  return execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-t', `=${tmuxSession}:`], {
    encoding: 'utf8',
  });
}

/** Types a line into a session's terminal, as a person would. */
export function typeLine(socket: string, tmuxSession: string, line: string): void {
  execFileSync('tmux', ['-L', socket, 'send-keys', '-t', `=${tmuxSession}:`, '-l', line]);
  execFileSync('tmux', ['-L', socket, 'send-keys', '-t', `=${tmuxSession}:`, 'Enter']);
}

/** Spawns a session through the REST API and waits until it is ready with its proxy connected. */
export async function spawnReady(hub: TestHub, name: string): Promise<Session> {
  const created = await hub.api('POST', '/api/sessions', { name });
  if (created.status !== 201)
    throw new Error(`spawning ${name}: HTTP ${created.status} ${await created.text()}`);
  const { session } = (await created.json()) as { session: Session };
  await waitFor(`${name} ready`, async () => {
    const s = ((await (await hub.api('GET', `/api/sessions/${session.id}`)).json()) as { session: Session })
      .session;
    return s.state === 'ready' && s.proxyConnected;
  });
  return session;
}
