// Which hooks a session gets is decided from `claude --version`: Claude Code's own HTTP hooks from
// 2.1.63 on (no process per event), the proxy's command hooks before. Either way the session's
// states follow its turns, and no status line is installed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnReady, startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

type Settings = { hooks: Record<string, { hooks: { type: string }[] }[]>; statusLine?: unknown };

async function sessionSettings(version: string): Promise<{ settings: Settings; hub: TestHub; id: string }> {
  const hub = await startTestHub({ env: { FAKE_CLAUDE_VERSION: version } });
  t = hub;
  const session = await spawnReady(hub, 'hooked');
  typeLine(hub.config.tmuxSocket, session.tmuxSession, 'a turn');
  await waitFor('idle after the turn', () => hub.hub.sessions.get(session.id).state === 'idle');
  const path = join(hub.config.dataDir, 'sessions', session.id, 'settings.json');
  return { settings: JSON.parse(readFileSync(path, 'utf8')) as Settings, hub, id: session.id };
}

const typeOf = (settings: Settings, event: string) => settings.hooks[event]?.[0]?.hooks[0]?.type;

describe('hooks by Claude Code version', () => {
  it('2.1.197: HTTP hooks for the state events and the permission prompt, a command for SessionStart', async () => {
    const { settings } = await sessionSettings('2.1.197');
    for (const event of ['UserPromptSubmit', 'Stop', 'Notification', 'SessionEnd', 'PermissionRequest']) {
      expect(typeOf(settings, event)).toBe('http');
    }
    expect(typeOf(settings, 'SessionStart')).toBe('command');
    expect(settings.statusLine).toBeUndefined();
  });

  it('2.1.50: command hooks, and the states still follow', async () => {
    const { settings } = await sessionSettings('2.1.50');
    for (const event of ['SessionStart', 'UserPromptSubmit', 'Stop', 'PermissionRequest']) {
      expect(typeOf(settings, event)).toBe('command');
    }
    expect(settings.statusLine).toBeUndefined();
  });
});
