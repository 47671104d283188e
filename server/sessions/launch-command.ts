/** Environment variables that make Claude Code refuse to start or skip saving transcripts when nested. */
export const STRIPPED_ENV_VARS = ['CLAUDECODE', 'CLAUDE_CODE_CHILD_SESSION'] as const;

/** tmux's own variables: a hub started from inside tmux must not leak its client's into sessions. */
const TMUX_ENV_VARS = ['TMUX', 'TMUX_PANE'];

export const SESSION_COLUMNS = 200;
export const SESSION_ROWS = 50;

export type ClaudeLaunch = {
  claudeBin: string;
  mcpConfigPath: string;
  settingsPath: string;
  claudeSessionId: string;
  systemPrompt: string;
  model: string | null;
  prompt: string | null;
  /** Continue the conversation `claudeSessionId` (a resumed session) instead of starting it. */
  resume?: boolean;
};

/** The Claude Code command line for one session (DESIGN section 2). */
export function buildClaudeCommand(launch: ClaudeLaunch): string[] {
  const args = [
    launch.claudeBin,
    '--mcp-config',
    launch.mcpConfigPath,
    // Only the hub's proxy: no project .mcp.json approval dialog, no surprise servers.
    '--strict-mcp-config',
    '--settings',
    launch.settingsPath,
    // A known id makes the transcript path known: ~/.claude/projects/<cwd>/<id>.jsonl. Resuming
    // keeps the id and the file; 2.1.197 exits 1 when --session-id comes with --resume, and says
    // "No conversation found" (exit 1) for an id without a saved conversation.
    launch.resume === true ? '--resume' : '--session-id',
    launch.claudeSessionId,
    '--append-system-prompt',
    launch.systemPrompt,
  ];
  if (launch.model !== null) args.push('--model', launch.model);
  // The first prompt goes last, after `--`, so a prompt that starts with "-" is not read as a flag.
  if (launch.prompt !== null) args.push('--', launch.prompt);
  return args;
}

/**
 * The environment a session inherits (and the hub's tmux server, which hands it to every pane):
 * the hub's own, which is the person's (their API keys, PATH and proxies are what Claude Code
 * needs), minus the hub's secrets and settings: every `SWITCHBOARD_*` variable and any variable
 * holding one of `secrets` (the hub token, whatever it is named). Also minus the nested-launch
 * and tmux variables. A session reaches the hub only through its own token, which travels in its
 * proxy's MCP config and hook commands, never in this environment.
 *
 * tmux needs a UTF-8 locale to keep tabs and Unicode (a hub started by systemd or cron has
 * none; the hub also runs tmux with -u): the character set becomes UTF-8 (LC_CTYPE) unless the
 * person set LC_ALL, which wins over it and is theirs to choose.
 */
export function sessionEnvironment(
  hubEnv: NodeJS.ProcessEnv,
  secrets: readonly string[],
): Record<string, string> {
  const drop = new Set<string>([...STRIPPED_ENV_VARS, ...TMUX_ENV_VARS]);
  const live = secrets.filter((secret) => secret.length >= 8);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(hubEnv)) {
    if (value === undefined || drop.has(key) || key.startsWith(HUB_ENV_PREFIX)) continue;
    if (live.some((secret) => value.includes(secret))) continue;
    env[key] = value;
  }
  if (env.LC_ALL === undefined && !/utf-?8/i.test(env.LC_CTYPE ?? env.LANG ?? '')) env.LC_CTYPE = 'C.UTF-8';
  return env;
}

/** The hub's own variables (its config, its token): none reaches a session. */
const HUB_ENV_PREFIX = 'SWITCHBOARD_';

export type NewTmuxSession = {
  tmuxSession: string;
  cwd: string;
  env: Record<string, string>;
  command: string[];
};

/**
 * `tmux new-session` arguments (after tmuxBaseArgs). Every variable is passed with `-e`, because
 * a tmux server started earlier would otherwise hand new panes its own, stale environment.
 * Several command words after `--` make tmux exec them directly, with no shell.
 *
 * tmux arguments are data (issue 12, finding 4). tmux 3.3a expands formats in `-c`: a folder
 * named `p#(touch x)` ran `touch` (in the hub's folder, before any trust dialog), and one named
 * with `#{session_name}` or `#S` made a path that did not exist, so tmux silently ran the session
 * in its own folder while the API reported the folder asked for. So `-c` is escaped. `-s` is
 * expanded too, but session names are `sb-<hex>` (names.ts). Checked by hand on 3.3a: `-e`
 * values and the words after `--` (one word run by the shell, or several) reach the program as
 * given, `#(…)`, `#{…}`, `#S` and `##` alike, so they are not escaped: that would double their
 * "#". tests/security/tmux-formats.test.ts pins all of it.
 */
export function buildNewSessionArgs(spec: NewTmuxSession): string[] {
  const args = [
    'new-session',
    '-d',
    '-s',
    spec.tmuxSession,
    '-x',
    String(SESSION_COLUMNS),
    '-y',
    String(SESSION_ROWS),
    '-c',
    tmuxWord(tmuxLiteral(spec.cwd)),
  ];
  for (const [key, value] of Object.entries(spec.env)) args.push('-e', tmuxWord(`${key}=${value}`));
  args.push('--', ...spec.command.map(tmuxWord));
  return args;
}

/**
 * tmux ends a command at any argument that ends in ";", even after `--` (so "make test;" as a
 * command line, or a prompt ending in ";", lost its ";" and started an empty second command, and
 * a folder `-c /x/y;` made new-session fail); a backslash before that last ";" keeps it.
 */
function tmuxWord(word: string): string {
  return word.endsWith(';') ? `${word.slice(0, -1)}\\;` : word;
}

/** Text for an argument tmux expands formats in (`#{…}`, `#(…)`, `#S`): `##` is tmux's literal "#". */
export function tmuxLiteral(text: string): string {
  return text.replace(/#/g, '##');
}

/** Quotes one word for a POSIX shell (hook commands in settings.json run through `sh -c`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
