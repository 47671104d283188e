// A hook's `transcript_path` comes from the session, which is untrusted: the hub reads only the
// file where Claude Code keeps that session's conversation, never a file the session names
// elsewhere (another session's conversation, the hub's own files).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import { claudeTranscriptPath } from '../../../server/sessions/claude-transcript-path.js';
import { spawnReady, startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
let configDir: string;
beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'sb-claude-config-'));
  t = await startTestHub({ env: { CLAUDE_CONFIG_DIR: configDir } });
});
afterAll(async () => {
  await t?.dispose();
  rmSync(configDir, { recursive: true, force: true });
});

const reply = (text: string) =>
  `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;

async function stopHook(sessionId: string, transcriptPath: string): Promise<void> {
  const record = t.hub.sessions.record(sessionId);
  const payload = {
    session_id: record.claudeSessionId,
    transcript_path: transcriptPath,
    cwd: record.cwd,
    hook_event_name: 'Stop',
  };
  const response = await t.api('POST', `/hooks/${sessionId}/claude`, payload, record.proxyToken);
  expect(response.status).toBe(200);
}

async function replies(sessionId: string): Promise<string[]> {
  const response = await t.api('GET', `/api/sessions/${sessionId}/transcript`);
  const { entries } = (await response.json()) as { entries: TranscriptEntry[] };
  return entries.filter((e) => e.kind === 'reply').map((e) => e.text);
}

describe("a hook's transcript_path", () => {
  it("is read where Claude Code keeps the session's conversation, and nowhere else", async () => {
    const s = await spawnReady(t, 'pathy');
    const record = t.hub.sessions.record(s.id);
    const own = claudeTranscriptPath({ CLAUDE_CONFIG_DIR: configDir }, record.cwd, record.claudeSessionId);
    if (own === null) throw new Error('no transcript path');
    mkdirSync(dirname(own), { recursive: true });

    // Elsewhere: a file the session wrote in its own folder (a link at the right place:
    // tests/unit/transcript/claude-transcript-follower.test.ts).
    const elsewhere = join(record.cwd, 'fake.jsonl');
    writeFileSync(elsewhere, reply('from a file elsewhere'));
    await stopHook(s.id, elsewhere);

    writeFileSync(own, reply('from its own conversation'));
    await stopHook(s.id, own);
    await waitFor('its own reply', async () => (await replies(s.id)).length > 0);
    expect(await replies(s.id)).toEqual(['from its own conversation']);
  });

  it("gives the session's context % from the file's usage records (the hub has no status line)", async () => {
    const s = await spawnReady(t, 'filled');
    const record = t.hub.sessions.record(s.id);
    const own = claudeTranscriptPath({ CLAUDE_CONFIG_DIR: configDir }, record.cwd, record.claudeSessionId);
    if (own === null) throw new Error('no transcript path');
    mkdirSync(dirname(own), { recursive: true });
    const usage = { input_tokens: 4, cache_creation_input_tokens: 1_000, cache_read_input_tokens: 83_000 };
    const message = {
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'ok' }],
      usage,
    };
    writeFileSync(own, `${JSON.stringify({ type: 'assistant', message })}\n`);
    await stopHook(s.id, own);
    await waitFor('context 42%', async () => {
      const response = await t.api('GET', `/api/sessions/${s.id}`);
      return ((await response.json()) as { session: Session }).session.contextPercent === 42;
    });
    // The status line route is gone with the status line.
    const old = await t.api('POST', `/hooks/${s.id}/status-line`, { contextPercent: 10 }, record.proxyToken);
    expect(old.status).toBe(404);
  });
});
