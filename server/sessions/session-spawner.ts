import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateSessionRequest } from '../../protocol/session.js';
import { generateToken } from '../auth/token.js';
import { AppError } from '../errors.js';
import { findExecutable } from './executable.js';
import { buildClaudeCommand, buildNewSessionArgs } from './launch-command.js';
import { nameFromFolder, tmuxSessionName, uniqueName } from './names.js';
import { buildMcpConfig, buildSettings, type HookTransport, type ProxyLaunch } from './session-files.js';
import type { SessionRecord } from './session-store.js';
import type { Tmux } from '../tmux/tmux.js';
import { makeOwnedFolder, resolveUserFolder, writePrivateJson } from './workspace.js';

export type SpawnerDeps = {
  dataDir: string;
  claudeBin: string;
  sessionsTemplateDir: string;
  proxyEntry: string;
  nodeBin: string;
  hubEnv: NodeJS.ProcessEnv;
  /** What sessions' processes get as their environment (launch-command.ts sessionEnvironment). */
  sessionEnv: Record<string, string>;
  hubUrl: () => string;
  tmux: Tmux;
  defaultVoice: string;
  /** How long a permission prompt waits for the person (the PermissionRequest hook's budget). */
  permissionTimeoutMs: number;
  /** How this Claude Code executable reports hooks (claude-version.ts: HTTP from 2.1.63 on). */
  hookTransport: (claudePath: string) => Promise<HookTransport>;
  now: () => Date;
};

/** Per-session files (mcp.json, settings.json) live here, never in the session's own folder. */
export function sessionFilesDir(dataDir: string, sessionId: string): string {
  return join(dataDir, 'sessions', sessionId);
}

/**
 * Starts Claude Code for a new session in the hub's tmux server and returns its record
 * (state `starting`). `liveNames` are names already in use; a clash is the caller's 409.
 * With `command`, a shell-only session runs that command line instead (docs/terminal.md).
 */
export async function spawnSession(
  deps: SpawnerDeps,
  request: CreateSessionRequest,
  liveNames: ReadonlySet<string>,
): Promise<SessionRecord> {
  const shellOnly = request.command !== undefined;
  if (shellOnly && request.acceptsSessionTasks === true) {
    throw new AppError(
      'validation_failed',
      'Invalid body: a shell-only session never takes tasks from other sessions (they would run as shell commands).',
      { issues: [{ path: 'acceptsSessionTasks', message: 'cannot be true with command' }] },
    );
  }
  if (shellOnly && (request.prompt !== undefined || request.model !== undefined)) {
    throw new AppError(
      'validation_failed',
      'Invalid body: command runs instead of Claude Code: leave out prompt and model.',
      {
        issues: [{ path: 'command', message: 'cannot be combined with prompt or model' }],
      },
    );
  }
  const claudePath = shellOnly ? null : await requireClaude(deps);
  const userFolder = request.cwd === undefined ? null : await resolveUserFolder(request.cwd);
  const defaultName = userFolder !== null ? nameFromFolder(userFolder) : shellOnly ? 'shell' : 'session';
  const name = request.name ?? uniqueName(defaultName, liveNames);
  if (liveNames.has(name)) {
    throw new AppError('conflict', `A session named "${name}" is already running; choose another name.`, {
      issues: [{ path: 'name', message: 'is already in use by a running session' }],
    });
  }
  const cwd = userFolder ?? (await makeOwnedFolder(deps.dataDir, name, deps.sessionsTemplateDir));

  const id = randomBytes(4).toString('hex');
  const now = deps.now().toISOString();
  const record: SessionRecord = {
    id,
    name,
    cwd,
    ownsFolder: userFolder === null,
    claudeSessionId: randomUUID(),
    tmuxSession: tmuxSessionName(id),
    proxyToken: generateToken(),
    voice: request.voice ?? deps.defaultVoice,
    speed: 1,
    muted: false,
    model: request.model ?? null,
    command: request.command ?? null,
    acceptsSessionTasks: request.acceptsSessionTasks ?? false,
    // No hooks report from a plain command: its session is ready as soon as its pane exists.
    state: shellOnly ? 'ready' : 'starting',
    statusText: null,
    dialog: null,
    contextPercent: null,
    createdAt: now,
    lastActivityAt: now,
    exitedAt: null,
    exitReason: null,
    archived: false,
  };

  if (request.command !== undefined) {
    // One word after `--`: tmux runs it with the shell (`default-shell -c`), pipes and all. No
    // proxy, hooks or files: the person (or a script) drives the terminal itself.
    const env = deps.sessionEnv;
    const command = [request.command];
    await deps.tmux.newSession(buildNewSessionArgs({ tmuxSession: record.tmuxSession, cwd, env, command }));
    return record;
  }
  if (claudePath === null) throw new AppError('unavailable', 'Claude Code was not found.');
  await startClaude(deps, record, claudePath, { prompt: request.prompt ?? null, resume: false });
  return record;
}

/** The Claude Code executable, or a 503 that says how to install it. */
export async function requireClaude(deps: SpawnerDeps): Promise<string> {
  const claudePath = await findExecutable(deps.claudeBin, deps.hubEnv.PATH);
  if (claudePath === null) {
    throw new AppError(
      'unavailable',
      `Claude Code was not found: "${deps.claudeBin}" is not an executable on PATH. Install it (npm install -g @anthropic-ai/claude-code) or set SWITCHBOARD_CLAUDE_BIN.`,
    );
  }
  return claudePath;
}

/**
 * Writes the session's files (mcp.json, settings.json with its hooks) and starts Claude Code in
 * its tmux session: a new conversation, or (`resume`) the record's saved one, continued. The files
 * are written afresh each time: a resumed session gets the hub's current URL and its new token.
 */
export async function startClaude(
  deps: SpawnerDeps,
  record: SessionRecord,
  claudePath: string,
  options: { prompt: string | null; resume: boolean },
): Promise<void> {
  const filesDir = sessionFilesDir(deps.dataDir, record.id);
  await mkdir(filesDir, { recursive: true, mode: 0o700 });
  try {
    const proxy: ProxyLaunch = {
      nodeBin: deps.nodeBin,
      proxyEntry: deps.proxyEntry,
      env: {
        SWITCHBOARD_SESSION_ID: record.id,
        SWITCHBOARD_HUB_URL: deps.hubUrl(),
        SWITCHBOARD_SESSION_TOKEN: record.proxyToken,
        SWITCHBOARD_PERMISSION_TIMEOUT_S: String(Math.ceil(deps.permissionTimeoutMs / 1000)),
      },
    };
    const mcpConfigPath = join(filesDir, 'mcp.json');
    const settingsPath = join(filesDir, 'settings.json');
    await writePrivateJson(mcpConfigPath, buildMcpConfig(proxy));
    const dataDirs = [deps.dataDir, await realpath(deps.dataDir)];
    await writePrivateJson(
      settingsPath,
      buildSettings(proxy, dataDirs, await deps.hookTransport(claudePath)),
    );
    const command = buildClaudeCommand({
      claudeBin: claudePath,
      mcpConfigPath,
      settingsPath,
      claudeSessionId: record.claudeSessionId,
      systemPrompt: await readFile(join(deps.sessionsTemplateDir, 'voice-rules.md'), 'utf8'),
      model: record.model,
      prompt: options.prompt,
      resume: options.resume,
    });
    await deps.tmux.newSession(
      buildNewSessionArgs({
        tmuxSession: record.tmuxSession,
        cwd: record.cwd,
        env: deps.sessionEnv,
        command,
      }),
    );
  } catch (error) {
    // A new session's files go with its failed start; a resumed one's were rewritten anyway.
    if (!options.resume) await rm(filesDir, { recursive: true, force: true });
    throw error;
  }
}
