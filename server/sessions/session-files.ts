import { dirname, join } from 'node:path';
import { TOKEN_FILE_NAME } from '../auth/token.js';
import { DB_FILE_NAME } from '../db/database.js';
import { LOCK_FILE_NAME, OWNER_FILE_NAME } from '../lock/hub-lock.js';
import { shellQuote } from './launch-command.js';

/** What a session's proxy needs to find and authenticate to the hub. */
export type ProxyEnv = {
  SWITCHBOARD_SESSION_ID: string;
  SWITCHBOARD_HUB_URL: string;
  SWITCHBOARD_SESSION_TOKEN: string;
  /** How long the hub waits for a permission decision (the permission hook and tool wait as long). */
  SWITCHBOARD_PERMISSION_TIMEOUT_S: string;
};

export type ProxyLaunch = { nodeBin: string; proxyEntry: string; env: ProxyEnv };

/** The name Claude Code prefixes to the proxy's tools: mcp__switchboard__converse. */
export const MCP_SERVER_NAME = 'switchboard';

/** Hook events the proxy reports; each maps to a session state (server/sessions/state.ts). */
export const REPORTED_HOOKS = [
  'SessionStart',
  'UserPromptSubmit',
  'Stop',
  'Notification',
  'SessionEnd',
] as const;

/**
 * Node flags for the proxy, a process that idles between a few small messages, one per session:
 * no optimizing compiler (`--lite-mode`), a 1 MB young generation, and an old generation capped
 * at 32 MB, so V8 collects before it grows (the proxy's heap holds about 11 MB after its start;
 * its largest message is a 100,000-character converse). Measured on this machine, the proxy
 * idling after its start (VmRSS): unbundled, 77 MB with no flag, 68 MB with the semi-space one,
 * 58 MB with both; bundled (scripts/bundle-proxy.mjs) 55 MB, and 52.5 MB with the cap too. A bare
 * `node` is 40 MB. `--lite-mode` also turns WebAssembly off, so the proxy must not use fetch.
 */
export const PROXY_NODE_FLAGS = [
  '--lite-mode',
  '--max-semi-space-size=1',
  '--max-old-space-size=32',
] as const;

/**
 * `mcp.json`: Claude Code gives an MCP server the environment from its config entry, not from
 * the shell, so the session id, hub URL and token travel here.
 */
export function buildMcpConfig(proxy: ProxyLaunch): object {
  return {
    mcpServers: {
      [MCP_SERVER_NAME]: {
        type: 'stdio',
        command: proxy.nodeBin,
        args: [...PROXY_NODE_FLAGS, proxy.proxyEntry],
        env: { ...proxy.env },
      },
    },
  };
}

/**
 * The shell command a command hook runs, with the proxy's env inline: `post` is
 * mcp-proxy/post-hook.js (posts the hook's JSON to the hub; `node:` modules only, so it starts as
 * cheaply as Node can), `permission` the proxy binary's permission mode (waits for the decision).
 */
export function hookCommand(proxy: ProxyLaunch, mode: 'post' | 'permission' = 'post'): string {
  const env = Object.entries(proxy.env).map(([key, value]) => `${key}=${shellQuote(value)}`);
  const program =
    mode === 'post'
      ? [shellQuote(join(dirname(proxy.proxyEntry), 'post-hook.js'))]
      : [shellQuote(proxy.proxyEntry), mode];
  return [...env, shellQuote(proxy.nodeBin), ...program].join(' ');
}

/**
 * The proxy's tools that only talk to the person or read: pre-allowed, since talking to the person
 * must never itself wait on a permission prompt. Anything that acts on another session
 * (send_message) is not here: it goes through Claude Code's own permission prompt, which reaches
 * the person like any other (the PermissionRequest hook).
 */
export const PRE_ALLOWED_TOOLS = ['converse', 'whoami', 'set_status', 'read_inbox', 'list_sessions'] as const;

/**
 * What a session's file tools may not touch in the hub's data dir: its top-level files (the hub
 * token, the database, the lock), every session's files (their tokens) and the recordings. Not
 * `workspaces/`, where the hub makes sessions' own folders. The top-level files are named one by
 * one: Claude Code matches rules like gitignore, where `dir/*` also matches the `workspaces`
 * folder and so everything in it, and a session could not write its own files (2.1.197 denied
 * `printf a > one.txt` in a hub-made folder). In Claude Code's rules `//` starts an absolute path.
 * These bind Claude Code's tools, not a program a session runs as the same Unix user
 * (docs/security.md: the sandbox is for that).
 */
export function dataDirDenyRules(dataDirs: readonly string[]): string[] {
  const rules: string[] = [];
  const topLevel = [`${DB_FILE_NAME}*`, TOKEN_FILE_NAME, LOCK_FILE_NAME, OWNER_FILE_NAME];
  for (const dir of new Set(dataDirs.map((d) => d.replace(/\/+$/, '')))) {
    for (const pattern of [...topLevel, 'sessions/**', 'recordings/**'].map((p) => `/${dir}/${p}`)) {
      rules.push(`Read(${pattern})`, `Edit(${pattern})`);
    }
  }
  return rules;
}

/**
 * How Claude Code reports its hooks to the hub. `http`: its own HTTP hooks, a POST straight to the
 * hub with the session token in a header, no process per event (Claude Code 2.1.197 has them;
 * claude-version.ts decides). `command`: mcp-proxy/post-hook.js posts the same JSON to the same
 * route, a small Node process per event.
 */
export type HookTransport = 'http' | 'command';

/**
 * `settings.json`, given with `--settings`: the state hooks, the permission hook (the person
 * decides prompts from the page, by voice or over the API), the proxy's tools that only talk or
 * read (PRE_ALLOWED_TOOLS), and the data dir out of reach of the file tools. No status line: the
 * user's own keeps working, and the context % comes from the transcript file
 * (server/transcript/). SessionStart is always a command hook: Claude Code runs no HTTP hook for
 * it ("HTTP hooks are not supported for SessionStart", 2.1.197), so that costs one process per
 * start, not per event. The token in the headers is in a file the session's tools may not read
 * (dataDirDenyRules); the session's environment never has it.
 * `dataDirs`: the data dir as configured and as resolved (a symlink must not be a way around).
 */
export function buildSettings(
  proxy: ProxyLaunch,
  dataDirs: readonly string[],
  transport: HookTransport,
): object {
  const command = hookCommand(proxy);
  const permissionS = Number(proxy.env.SWITCHBOARD_PERMISSION_TIMEOUT_S);
  const headers = { Authorization: `Bearer ${proxy.env.SWITCHBOARD_SESSION_TOKEN}` };
  const hookUrl = (path: string) =>
    `${proxy.env.SWITCHBOARD_HUB_URL.replace(/\/+$/, '')}/hooks/${encodeURIComponent(proxy.env.SWITCHBOARD_SESSION_ID)}/${path}`;
  const hooks: Record<string, unknown> = {};
  for (const event of REPORTED_HOOKS) {
    const hook =
      transport === 'http' && event !== 'SessionStart'
        ? { type: 'http', url: hookUrl('claude'), headers, timeout: 10 }
        : { type: 'command', command, timeout: 10 };
    hooks[event] = [{ hooks: [hook] }];
  }
  // The permission hook waits until the person decides; Claude Code must not give up first.
  const permissionTimeoutS = permissionS + 30;
  hooks.PermissionRequest = [
    {
      hooks: [
        transport === 'http'
          ? { type: 'http', url: hookUrl('permission/claude'), headers, timeout: permissionTimeoutS }
          : { type: 'command', command: hookCommand(proxy, 'permission'), timeout: permissionTimeoutS },
      ],
    },
  ];
  return {
    hooks,
    permissions: {
      allow: PRE_ALLOWED_TOOLS.map((tool) => `mcp__${MCP_SERVER_NAME}__${tool}`),
      deny: dataDirDenyRules(dataDirs),
    },
  };
}
