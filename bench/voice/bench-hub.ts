import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Session } from '../../protocol/session.js';
import type { SttEngine, TtsEngine } from '../../server/voice/engines/engine-types.js';
import { startTestHub, type TestHub } from '../../tests/support/hub-harness.js';

const IDLE_CLAUDE = resolve(import.meta.dirname, '..', '..', 'tests', 'support', 'idle-claude.sh');

/** How the benchmark's Claude starts the session's real MCP proxy (from the session's mcp.json). */
export type ProxySpec = { command: string; args: string[]; env: Record<string, string> };

export type BenchHub = { hub: TestHub; url: string; token: string; sessionId: string; proxy: ProxySpec };

/**
 * The real hub in this process with the given engines, and one session whose program does
 * nothing: the benchmark's client process runs the session's proxy and plays Claude itself.
 */
export async function startBenchHub(
  engines: { tts: TtsEngine; stt: SttEngine },
  streaming: boolean,
): Promise<BenchHub> {
  const hub = await startTestHub({
    claudeBin: IDLE_CLAUDE,
    engines,
    env: { SWITCHBOARD_TTS_STREAMING: streaming ? '1' : '0' },
    monitorIntervalMs: 1_000, // the hub's own default
  });
  const created = await hub.api('POST', '/api/sessions', { name: 'bench' });
  const { session } = (await created.json()) as { session: Session };
  const mcpPath = join(hub.config.dataDir, 'sessions', session.id, 'mcp.json');
  const mcp = JSON.parse(readFileSync(mcpPath, 'utf8')) as { mcpServers: { switchboard: ProxySpec } };
  return {
    hub,
    url: hub.url,
    token: hub.hub.token,
    sessionId: session.id,
    proxy: mcp.mcpServers.switchboard,
  };
}
