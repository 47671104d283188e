// The voice round trip through real processes: the real Claude Code CLI (scripted Messages API)
// calls converse; the hub synthesizes with KokoroTts on the stand-in Kokoro model (real kokoro-js
// code), streams the chunks to the scripted page, which plays them, then speaks jfk.wav into its
// microphone through the page's own Silero VAD; the hub transcribes with WhisperStt on the
// stand-in Whisper model (real transformers.js code), and the tool_result carries the text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { CONVERSE_MARKERS } from '../../protocol/voice.js';
import { STAND_IN_TRANSCRIPT, writeStandInModels } from '../../scripts/stand-in-models/generate.js';
import { createDefaultEngines } from '../../server/voice/engines/default-engines.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import { ScriptedBrowser } from '../support/scripted-browser.js';
import {
  lastToolResult,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

const SHARED = new URL('../../../shared/', import.meta.url).pathname;
const JFK = join(SHARED, 'audio', 'jfk.wav');
const QUESTION = 'I finished the parser. Shall I run the whole test suite now, or only the fast tests?';

let api: ScriptedAnthropic;
let home: ClaudeHome;
let t: TestHub;
let page: ScriptedBrowser;
let models: string;

beforeAll(async () => {
  models = mkdtempSync(join(tmpdir(), 'sb-models-'));
  await writeStandInModels(models, join(SHARED, 'models'));
  api = await startScriptedAnthropic({
    turns: [
      { toolUse: { name: 'mcp__switchboard__converse', input: { message: QUESTION } } },
      { toolUse: { name: 'mcp__switchboard__converse', input: { message: 'Are you still there?' } } },
      { text: 'Done.' },
    ],
  });
  home = await makeClaudeHome({
    apiKey: 'sk-ant-test-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
  });
  const silent = { info: () => undefined, warn: () => undefined };
  t = await startTestHub({
    claudeBin: CLAUDE_BIN,
    inheritEnv: false,
    engines: createDefaultEngines(models, silent),
    // jfk.wav pauses ~1 s after "my fellow Americans": 1.2 s of silence keeps it one utterance,
    // and its 11 s fit in the longest utterance (also how long silence is listened to).
    env: { ...home.env, SWITCHBOARD_SILENCE_MS: '1200', SWITCHBOARD_MAX_LISTEN_S: '14' },
  });
  page = await ScriptedBrowser.connect({
    url: t.url,
    token: t.hub.token,
    playback: 'instant',
    mic: { wav: JFK },
  });
});

afterAll(async () => {
  await page?.close();
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
  rmSync(models, { recursive: true, force: true });
});

describe('voice through the real Claude Code CLI', () => {
  it('speaks converse in order, hears jfk.wav through the VAD, and returns the transcript as the tool result', async () => {
    const created = await t.api('POST', '/api/sessions', { name: 'voice', prompt: 'Talk to me.' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { session } = (await created.json()) as { session: Session };

    const turn = await page.nextTurn(60_000);
    expect(turn).toMatchObject({ sessionId: session.id, text: QUESTION, format: 'pcm16', listenAfter: true });
    const ended = await page.waitForTurnEnd(turn.turnId, 60_000);
    // Two sentences, the first cut at its clause: audio frames arrive in order, each non-empty.
    expect(ended.chunks.map((c) => c.seq)).toEqual(ended.chunks.map((_, i) => i));
    expect(ended.chunks.length).toBeGreaterThanOrEqual(2);
    expect(ended.chunks.every((c) => (c.bytes?.length ?? 0) > 1_000)).toBe(true);
    // The page's VAD found the speech (from ~0.3 s) and its end, and streamed it.
    expect(ended.outcome).toMatchObject({ type: 'utterance_end', reason: 'silence' });
    if (ended.outcome?.type === 'utterance_end') {
      expect(ended.outcome.speechStartMs).toBeGreaterThan(150);
      expect(ended.outcome.speechStartMs).toBeLessThan(600);
      expect(ended.outcome.speechEndMs).toBeGreaterThan(10_000); // the last words, not the first pause
    }
    expect(ended.mic.bytes).toBeGreaterThan(16_000 * 2 * 5);
    expect(ended.turnEnd?.heard).toBe(STAND_IN_TRANSCRIPT);

    const next = await api.waitForMainRequest(1, 60_000);
    expect(lastToolResult(next)?.text).toBe(STAND_IN_TRANSCRIPT);

    // Second question: the microphone hears only silence.
    page.setMicrophone({ silence: true });
    const quiet = await page.nextTurn(60_000);
    await page.waitForTurnEnd(quiet.turnId, 60_000);
    const last = await api.waitForMainRequest(2, 60_000);
    expect(lastToolResult(last)?.text).toBe(CONVERSE_MARKERS.noSpeech);
    await waitFor('idle', async () => {
      const s = ((await (await t.api('GET', `/api/sessions/${session.id}`)).json()) as { session: Session })
        .session;
      return s.state === 'idle';
    });
    expect(page.invalid).toEqual([]);
  });
});
