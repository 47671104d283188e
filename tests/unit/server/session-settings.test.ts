// A session's settings.json with Claude Code's own HTTP hooks (no process per event), and how the
// hub decides between them and the proxy's command hooks from `claude --version`.
import { describe, expect, it } from 'vitest';
import { hookTransportOf, parseClaudeVersion } from '../../../server/sessions/claude-version.js';
import { buildSettings, hookCommand, type ProxyLaunch } from '../../../server/sessions/session-files.js';

const proxy: ProxyLaunch = {
  nodeBin: '/usr/bin/node',
  proxyEntry: '/opt/sb/dist/mcp-proxy/main.js',
  env: {
    SWITCHBOARD_SESSION_ID: 'ab12',
    SWITCHBOARD_HUB_URL: 'http://127.0.0.1:3460',
    SWITCHBOARD_SESSION_TOKEN: 'tok-123',
    SWITCHBOARD_PERMISSION_TIMEOUT_S: '90',
  },
};
type Hook = {
  type: string;
  url?: string;
  command?: string;
  headers?: Record<string, string>;
  timeout: number;
};
type Settings = { hooks: Record<string, { hooks: Hook[] }[]>; statusLine?: unknown };
const hookOf = (settings: Settings, event: string): Hook | undefined => settings.hooks[event]?.[0]?.hooks[0];

describe('settings.json with HTTP hooks', () => {
  const settings = buildSettings(proxy, ['/d'], 'http') as Settings;

  it('posts the state hooks straight to the hub with the session token in a header', () => {
    for (const event of ['UserPromptSubmit', 'Stop', 'Notification', 'SessionEnd']) {
      expect(hookOf(settings, event)).toEqual({
        type: 'http',
        url: 'http://127.0.0.1:3460/hooks/ab12/claude',
        headers: { Authorization: 'Bearer tok-123' },
        timeout: 10,
      });
    }
  });

  it('keeps SessionStart a command hook: Claude Code runs no HTTP hook for it', () => {
    expect(hookOf(settings, 'SessionStart')).toEqual({
      type: 'command',
      command: hookCommand(proxy),
      timeout: 10,
    });
  });

  it('holds the permission hook over HTTP longer than the hub waits for the person', () => {
    expect(hookOf(settings, 'PermissionRequest')).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:3460/hooks/ab12/permission/claude',
      headers: { Authorization: 'Bearer tok-123' },
      timeout: 120,
    });
  });

  it('installs no status line, in either form: the user keeps theirs', () => {
    expect(settings.statusLine).toBeUndefined();
    expect((buildSettings(proxy, ['/d'], 'command') as Settings).statusLine).toBeUndefined();
  });
});

describe('which hooks a Claude Code version gets', () => {
  it('reads `claude --version`', () => {
    expect(parseClaudeVersion('2.1.197 (Claude Code)\n')).toEqual([2, 1, 197]);
    expect(parseClaudeVersion('claude: command not found')).toBeNull();
  });
  it('gives HTTP hooks from 2.1.63 on, command hooks before and when the version is unknown', () => {
    expect(hookTransportOf([2, 1, 197])).toBe('http');
    expect(hookTransportOf([2, 1, 63])).toBe('http');
    expect(hookTransportOf([2, 2, 0])).toBe('http');
    expect(hookTransportOf([3, 0, 0])).toBe('http');
    expect(hookTransportOf([2, 1, 62])).toBe('command');
    expect(hookTransportOf([2, 0, 99])).toBe('command');
    expect(hookTransportOf([1, 9, 999])).toBe('command');
    expect(hookTransportOf(null)).toBe('command');
  });
});
