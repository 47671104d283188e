import { describe, expect, it } from 'vitest';
import {
  buildClaudeCommand,
  buildNewSessionArgs,
  sessionEnvironment,
  shellQuote,
} from '../../../server/sessions/launch-command.js';
import { buildMcpConfig, buildSettings, hookCommand } from '../../../server/sessions/session-files.js';

const launch = {
  claudeBin: '/usr/bin/claude',
  mcpConfigPath: '/data/sessions/ab12/mcp.json',
  settingsPath: '/data/sessions/ab12/settings.json',
  claudeSessionId: '6f1c0000-0000-4000-8000-000000000000',
  systemPrompt: 'voice rules',
  model: null,
  prompt: null,
};

describe('the Claude Code command line', () => {
  it('has the flags of DESIGN section 2, in order', () => {
    expect(buildClaudeCommand(launch)).toEqual([
      '/usr/bin/claude',
      '--mcp-config',
      launch.mcpConfigPath,
      '--strict-mcp-config',
      '--settings',
      launch.settingsPath,
      '--session-id',
      launch.claudeSessionId,
      '--append-system-prompt',
      'voice rules',
    ]);
  });
  it('resumes the saved conversation with --resume <id>, never with --session-id (2.1.197 exits 1)', () => {
    const args = buildClaudeCommand({ ...launch, resume: true });
    expect(args.slice(6, 8)).toEqual(['--resume', launch.claudeSessionId]);
    expect(args).not.toContain('--session-id');
  });
  it('adds the model, and the first prompt after -- so it is never read as a flag', () => {
    const args = buildClaudeCommand({ ...launch, model: 'sonnet', prompt: '--help me' });
    expect(args.slice(-4)).toEqual(['--model', 'sonnet', '--', '--help me']);
  });
});

describe('the session environment', () => {
  it('is the hub environment minus the nested-launch and tmux variables', () => {
    const env = sessionEnvironment(
      {
        PATH: '/bin',
        HOME: '/home/me',
        LANG: 'en_GB.UTF-8',
        CLAUDECODE: '1',
        CLAUDE_CODE_CHILD_SESSION: '1',
        TMUX: '/tmp/tmux-0/default,1,0',
        TMUX_PANE: '%1',
        EMPTY: undefined,
      },
      [],
    );
    expect(env).toEqual({ PATH: '/bin', HOME: '/home/me', LANG: 'en_GB.UTF-8' });
  });

  // Regression (issue 12, finding 3): SWITCHBOARD_TOKEN reached every session, so anything it ran
  // could approve its own permission prompts over REST.
  it("never carries the hub's variables or its token, whatever the token's variable is called", () => {
    const token = 'hub-token-0123456789abcdef';
    const env = sessionEnvironment(
      {
        PATH: '/bin',
        LANG: 'C.UTF-8',
        ANTHROPIC_API_KEY: 'sk-ant-user-key',
        SWITCHBOARD_TOKEN: token,
        SWITCHBOARD_DATA_DIR: '/home/me/.switchboard',
        MY_HUB: `Bearer ${token}`,
      },
      [token],
    );
    expect(env).toEqual({ PATH: '/bin', LANG: 'C.UTF-8', ANTHROPIC_API_KEY: 'sk-ant-user-key' });
  });

  it('adds a UTF-8 locale when none is set (tmux turns tabs into "_" without one)', () => {
    expect(sessionEnvironment({ PATH: '/bin' }, [])).toEqual({ PATH: '/bin', LC_CTYPE: 'C.UTF-8' });
    expect(sessionEnvironment({ PATH: '/bin', LANG: 'C' }, [])).toMatchObject({ LC_CTYPE: 'C.UTF-8' });
    // LC_ALL overrides LC_CTYPE: a person who set it keeps it.
    expect(sessionEnvironment({ LC_ALL: 'POSIX' }, [])).toEqual({ LC_ALL: 'POSIX' });
    expect(sessionEnvironment({ LANG: 'de_DE.utf8' }, [])).toEqual({ LANG: 'de_DE.utf8' });
  });
});

describe('tmux new-session', () => {
  it('passes every variable with -e and the command words after --', () => {
    const args = buildNewSessionArgs({
      tmuxSession: 'sb-ab12',
      cwd: '/work/x',
      env: { A: '1', B: 'two words' },
      command: ['/usr/bin/claude', '--settings', 's.json'],
    });
    expect(args).toEqual([
      'new-session', '-d', '-s', 'sb-ab12', '-x', '200', '-y', '50', '-c', '/work/x',
      '-e', 'A=1', '-e', 'B=two words',
      '--', '/usr/bin/claude', '--settings', 's.json',
    ]); // prettier-ignore
  });
});

describe('per-session files', () => {
  const proxy = {
    nodeBin: '/usr/bin/node',
    proxyEntry: '/opt/switch board/dist/mcp-proxy/main.js',
    env: {
      SWITCHBOARD_SESSION_ID: 'ab12',
      SWITCHBOARD_HUB_URL: 'http://127.0.0.1:3460',
      SWITCHBOARD_SESSION_TOKEN: "t'k",
      SWITCHBOARD_PERMISSION_TIMEOUT_S: '90',
    },
  };
  it('gives the proxy its env through mcp.json', () => {
    expect(buildMcpConfig(proxy)).toEqual({
      mcpServers: {
        switchboard: {
          type: 'stdio',
          command: '/usr/bin/node',
          args: ['--lite-mode', '--max-semi-space-size=1', '--max-old-space-size=32', proxy.proxyEntry],
          env: proxy.env,
        },
      },
    });
  });
  it('runs every state hook through the proxy in hook mode, quoted for sh', () => {
    const settings = buildSettings(proxy, ['/home/u/.switchboard'], 'command') as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    expect(Object.keys(settings.hooks)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'Stop',
      'Notification',
      'SessionEnd',
      'PermissionRequest',
    ]);
    expect(settings.hooks.Stop?.[0]?.hooks[0]?.command).toBe(hookCommand(proxy));
    expect(hookCommand(proxy)).toBe(
      `SWITCHBOARD_SESSION_ID=ab12 SWITCHBOARD_HUB_URL=http://127.0.0.1:3460 SWITCHBOARD_SESSION_TOKEN='t'\\''k' SWITCHBOARD_PERMISSION_TIMEOUT_S=90 /usr/bin/node '/opt/switch board/dist/mcp-proxy/post-hook.js'`,
    );
  });
  it('gives the permission hook the timeout, and Claude Code a longer one so it never kills the wait', () => {
    const settings = buildSettings(proxy, ['/home/u/.switchboard'], 'command') as {
      hooks: Record<string, { hooks: { command: string; timeout: number }[] }[]>;
    };
    const hook = settings.hooks.PermissionRequest?.[0]?.hooks[0];
    expect(hook?.command).toMatch(/SWITCHBOARD_PERMISSION_TIMEOUT_S=90 .*main\.js' permission$/);
    expect(hook?.timeout).toBe(120);
  });
  it('pre-allows only the tools that talk to the person or read, and keeps the data dir from the file tools', () => {
    const settings = buildSettings(proxy, ['/home/u/.switchboard', '/data/sb/'], 'command') as {
      permissions: { allow: string[]; deny: string[] };
    };
    // Regression (issue 12, finding 1): the whole server was allowed, send_message included.
    expect(settings.permissions.allow).toEqual([
      'mcp__switchboard__converse',
      'mcp__switchboard__whoami',
      'mcp__switchboard__set_status',
      'mcp__switchboard__read_inbox',
      'mcp__switchboard__list_sessions',
    ]);
    expect(settings.permissions.deny).toEqual([
      'Read(//home/u/.switchboard/switchboard.db*)',
      'Edit(//home/u/.switchboard/switchboard.db*)',
      'Read(//home/u/.switchboard/token)',
      'Edit(//home/u/.switchboard/token)',
      'Read(//home/u/.switchboard/hub.lock)',
      'Edit(//home/u/.switchboard/hub.lock)',
      'Read(//home/u/.switchboard/hub.json)',
      'Edit(//home/u/.switchboard/hub.json)',
      'Read(//home/u/.switchboard/sessions/**)',
      'Edit(//home/u/.switchboard/sessions/**)',
      'Read(//home/u/.switchboard/recordings/**)',
      'Edit(//home/u/.switchboard/recordings/**)',
      'Read(//data/sb/switchboard.db*)',
      'Edit(//data/sb/switchboard.db*)',
      'Read(//data/sb/token)',
      'Edit(//data/sb/token)',
      'Read(//data/sb/hub.lock)',
      'Edit(//data/sb/hub.lock)',
      'Read(//data/sb/hub.json)',
      'Edit(//data/sb/hub.json)',
      'Read(//data/sb/sessions/**)',
      'Edit(//data/sb/sessions/**)',
      'Read(//data/sb/recordings/**)',
      'Edit(//data/sb/recordings/**)',
    ]);
  });
  it('quotes shell words safely', () => {
    expect(shellQuote('plain/path-1.js')).toBe('plain/path-1.js');
    expect(shellQuote('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
  });
});
