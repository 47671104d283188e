// The test that matters most: the real Claude Code CLI, spawned by the hub through the REST API,
// in tmux, against the scripted Messages API. Claude calls mcp__switchboard__converse through the
// session's proxy; the test answers through POST /api/sessions/:id/reply; the next request to the
// API must carry that text as the tool_result, and the roster must show the hooks' state changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hubToBrowserSchema } from '../../protocol/browser.js';
import type { Session, SessionState } from '../../protocol/session.js';
import { CLAUDE_BIN, makeClaudeHome, type ClaudeHome } from '../support/claude-home.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import {
  lastToolResult,
  startScriptedAnthropic,
  type ScriptedAnthropic,
} from '../support/scripted-anthropic.js';

const QUESTION = 'What should I build today?';
const ANSWER = 'a switchboard for my sessions';

let api: ScriptedAnthropic;
let home: ClaudeHome;
let t: TestHub;

beforeAll(async () => {
  api = await startScriptedAnthropic({
    turns: [
      { toolUse: { name: 'mcp__switchboard__converse', input: { message: QUESTION } } },
      { text: 'Great, I will start on that.' },
    ],
  });
  // No folder is pre-trusted: the hub makes the session's folder and must answer the trust dialog.
  home = await makeClaudeHome({
    apiKey: 'sk-ant-test-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
  });
  t = await startTestHub({ claudeBin: CLAUDE_BIN, env: home.env, inheritEnv: false });
});

afterAll(async () => {
  await t?.dispose();
  await api?.close();
  await home?.cleanup();
});

describe('the real Claude Code CLI through the hub', () => {
  it('calls converse through the proxy, gets the typed reply as its tool result, and the roster follows the hooks', async () => {
    const roster: SessionState[] = [];
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/ws?token=${t.hub.token}`);
    socket.on('message', (data) => {
      const message = hubToBrowserSchema.parse(JSON.parse(data.toString()));
      if (message.type === 'session_status') roster.push(message.session.state);
    });
    await new Promise((resolve) => socket.once('open', resolve));

    const created = await t.api('POST', '/api/sessions', { name: 'e2e', prompt: 'Ask me what to build.' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { session } = (await created.json()) as { session: Session };
    const get = async () =>
      ((await (await t.api('GET', `/api/sessions/${session.id}`)).json()) as { session: Session }).session;

    const waiting = await waitFor(
      'converse waiting for the person',
      async () => {
        const s = await get();
        return s.pendingConverse === QUESTION ? s : undefined;
      },
      60_000,
    );
    expect(waiting.state).toBe('waiting_input');
    expect(waiting.proxyConnected).toBe(true);

    const reply = await t.api('POST', `/api/sessions/${session.id}/reply`, { text: ANSWER });
    expect(reply.status).toBe(200);

    const next = await api.waitForMainRequest(1, 60_000);
    const result = lastToolResult(next);
    expect(result?.isError).toBeFalsy();
    expect(result?.text).toContain(ANSWER);

    await waitFor('idle after the Stop hook', async () => (await get()).state === 'idle', 60_000);
    const distinct = roster.filter((state, i) => state !== roster[i - 1]);
    // The trust dialog of the hub-made folder, answered by the hub, then the hooks' states.
    expect(distinct.indexOf('dialog')).toBeGreaterThanOrEqual(0);
    expect(distinct.slice(distinct.lastIndexOf('ready'))).toEqual([
      'ready',
      'busy',
      'waiting_input',
      'busy',
      'idle',
    ]);
    socket.close();

    // Nothing tried to leave the machine, and the API script saw no surprises.
    expect(api.requests.filter((r) => r.kind === 'proxy').map((r) => r.url)).toEqual([]);
    expect(api.failures).toEqual([]);
  });
});
