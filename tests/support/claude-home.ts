// A throwaway HOME for running the real Claude Code CLI in tests: `.claude.json` pre-seeded so no
// first-run dialog shows (unless a test asks for one), and an environment that keeps the CLI off the
// internet. Never point a test at the real ~/.claude.json.
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's own Claude Code CLI (a native binary since 2.1.x). */
export const CLAUDE_BIN = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

/**
 * Switches off every request Claude Code 2.1.197 makes besides the Messages API. Each one was seen
 * leaving (through a logging proxy) without it:
 * - DISABLE_AUTOUPDATER: the CLI ran `npm install -g @anthropic-ai/claude-code@latest` on its own and
 *   replaced /usr/bin/claude. Never run the CLI without it.
 * - CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: api.anthropic.com (metrics, feature flags) and
 *   raw.githubusercontent.com (changelog); also disables the auto-updater.
 * - CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: `git clone` of github.com/anthropics/
 *   claude-plugins-official and downloads.claude.ai.
 * DISABLE_TELEMETRY and DISABLE_ERROR_REPORTING are covered by the second one; kept as a second lock.
 */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  DISABLE_AUTOUPDATER: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
};

export interface ClaudeHomeOptions {
  /** Any string; the CLI sends it as x-api-key. */
  apiKey: string;
  /** ANTHROPIC_BASE_URL (the scripted API's url); left out if not given. */
  baseUrl?: string;
  /** Folders whose trust dialog is pre-accepted. Leave a folder out to see the dialog. */
  trustedFolders?: string[];
  /** false leaves the onboarding (theme, security notes) to show. Default true. */
  onboarded?: boolean;
  /** false leaves the "Detected a custom API key" dialog to show. Default true. */
  approveApiKey?: boolean;
  /**
   * Sends every non-loopback request the CLI (and git, npm) makes to this proxy URL; the scripted API
   * refuses them and records the host (kind `proxy`), so a test can assert nothing tried to leave.
   */
  proxyUrl?: string;
  /** More variables for the CLI (they win over the ones above). */
  env?: Record<string, string>;
  /** More global settings for `.claude.json` (e.g. `messageIdleNotifThresholdMs`). */
  claudeJson?: Record<string, unknown>;
  /** The person's own `~/.claude/settings.json` (e.g. their `statusLine`). */
  userSettings?: Record<string, unknown>;
}

export interface ClaudeHome {
  home: string;
  /** The complete environment for the CLI: pass it as is (for example through `env -i`). */
  env: Record<string, string>;
  claudeJsonPath: string;
  /** Where Claude Code writes the transcript of `sessionId` started in `cwd`. */
  transcriptPath(cwd: string, sessionId: string): string;
  readClaudeJson(): Promise<unknown>;
  cleanup(): Promise<void>;
}

/** Claude Code stores the key's approval as its last 20 characters. */
export function apiKeyFingerprint(apiKey: string): string {
  return apiKey.slice(-20);
}

/**
 * The folder name under ~/.claude/projects for a cwd: every character outside [A-Za-z0-9] becomes `-`;
 * past 200 characters it is cut and a hash of the full path is appended (read from the 2.1.197 bundle;
 * only short paths were run). Prefer `transcript_path` from a hook payload where there is one.
 */
export function projectDirName(cwd: string): string {
  const name = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (name.length <= 200) return name;
  let hash = 0;
  for (let i = 0; i < cwd.length; i++) hash = ((hash << 5) - hash + cwd.charCodeAt(i)) | 0;
  return `${name.slice(0, 200)}-${Math.abs(hash).toString(36)}`;
}

/** Creates the temporary HOME. Call `cleanup()` when done (after the CLI has exited). */
export async function makeClaudeHome(options: ClaudeHomeOptions): Promise<ClaudeHome> {
  const home = await mkdtemp(join(tmpdir(), 'sbtest-home-'));
  const claudeJsonPath = join(home, '.claude.json');
  // Claude Code keys projects by the real path of its cwd.
  const trusted = await Promise.all((options.trustedFolders ?? []).map((f) => realpath(f)));
  const config: Record<string, unknown> = {
    projects: Object.fromEntries(trusted.map((f) => [f, { hasTrustDialogAccepted: true }])),
  };
  if (options.onboarded ?? true) config.hasCompletedOnboarding = true;
  if (options.approveApiKey ?? true) {
    config.customApiKeyResponses = { approved: [apiKeyFingerprint(options.apiKey)], rejected: [] };
  }
  Object.assign(config, options.claudeJson);
  await writeFile(claudeJsonPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  if (options.userSettings !== undefined) {
    await mkdir(join(home, '.claude'), { recursive: true });
    await writeFile(join(home, '.claude', 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  }

  const proxy: Record<string, string> = {};
  if (options.proxyUrl !== undefined) {
    // Lower-case too: git (curl) and npm read those.
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy'])
      proxy[name] = options.proxyUrl;
    proxy.NO_PROXY = proxy.no_proxy = '127.0.0.1,localhost,::1';
  }
  const env: Record<string, string> = {
    // A minimal, explicit environment: the test runner's own may hold CLAUDECODE, real API keys or proxies.
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ANTHROPIC_API_KEY: options.apiKey,
    ...(options.baseUrl === undefined ? {} : { ANTHROPIC_BASE_URL: options.baseUrl }),
    ...OFFLINE_ENV,
    ...proxy,
    ...options.env,
  };

  return {
    home,
    env,
    claudeJsonPath,
    transcriptPath: (cwd, sessionId) =>
      join(home, '.claude', 'projects', projectDirName(cwd), `${sessionId}.jsonl`),
    readClaudeJson: async () => JSON.parse(await readFile(claudeJsonPath, 'utf8')) as unknown,
    // The CLI may still be writing into HOME for a moment after its tmux session is killed.
    cleanup: () => rm(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }),
  };
}

/** argv that runs `argv` with exactly `env` and nothing inherited (tmux passes its server's env on). */
export function withExactEnv(env: Record<string, string>, argv: string[]): string[] {
  return ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv];
}
