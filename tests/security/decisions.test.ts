// Finding 5 of issue 12: with a permission question on the voice floor, a typed reply ("sure,
// sounds good", meant for Claude) allowed it and the audit log said `voice`; REST believed the
// `x-switchboard-client: page` header and /mcp whatever the client said. Now a typed reply answers
// a converse only, and the decider is named by the credential used.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../protocol/permissions.js';
import type { Session } from '../../protocol/session.js';
import { FixedCostStt, FixedCostTts } from '../support/fixed-cost-engines.js';
import { startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import { ScriptedBrowser, type PlaybackMode } from '../support/scripted-browser.js';

const JFK = new URL('../../../shared/audio/jfk.wav', import.meta.url).pathname;

let t: TestHub | undefined;
let page: ScriptedBrowser | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
  await t?.dispose();
  t = undefined;
});

async function setUp(heard: string[], playback: PlaybackMode) {
  t = await startTestHub({ engines: { tts: new FixedCostTts(0), stt: new FixedCostStt(heard) } });
  const hub = t;
  // The microphone hears real speech; the STT double says what the person "said".
  page = await ScriptedBrowser.connect({
    url: hub.url,
    token: hub.hub.token,
    vad: 'energy',
    playback,
    mic: { wav: JFK },
  });
  const { session } = (await (await hub.api('POST', '/api/sessions', { name: 'api-service' })).json()) as {
    session: Session;
  };
  await waitFor('ready', () => hub.hub.sessions.record(session.id).state === 'ready');
  return { hub, page, s: session };
}

let asked = 0;
async function ask(hub: TestHub, s: Session): Promise<PermissionRequest> {
  const response = await hub.api(
    'POST',
    `/hooks/${s.id}/permission`,
    {
      requestKey: `request-key-${asked++}`,
      toolName: 'Bash',
      toolInput: { command: 'rm -rf build' },
      via: 'hook',
    },
    hub.hub.sessions.record(s.id).proxyToken,
  );
  const body = (await response.json()) as { request: PermissionRequest };
  if (response.status !== 200) throw new Error(`asking: ${response.status} ${JSON.stringify(body)}`);
  return body.request;
}

const decide = (hub: TestHub, id: string, headers: Record<string, string>) =>
  fetch(`${hub.url}/api/permissions/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ behavior: 'allow' }),
  });

describe('a typed reply', () => {
  it('does not decide the permission question on the voice floor, and says what does', async () => {
    const { hub, page, s } = await setUp([], 'manual');
    const request = await ask(hub, s);
    const turn = await page.nextTurn();
    expect(turn.text).toContain('wants to run: rm -rf build');

    const reply = await hub.api('POST', `/api/sessions/${s.id}/reply`, { text: 'sure, sounds good' });
    expect(reply.status).toBe(409);
    expect(((await reply.json()) as { error: { message: string } }).error.message).toMatch(
      /not waiting for a reply.*permission prompt waits/,
    );
    // The page's text box, over its socket: refused the same way, said as an error frame.
    page.sendText(s.id, 'yes');
    await waitFor('the refusal', () =>
      page.recorder.received.some(
        (r) => r.message.type === 'voice_error' && r.message.message.includes('permission prompt waits'),
      ),
    );
    expect(hub.hub.permissions.get(request.id)).toMatchObject({ state: 'pending', decidedBy: null });
  });

  it('still answers a converse while a permission question waits behind it', async () => {
    const { hub, page, s } = await setUp([], 'manual');
    const converse = hub.hub.voice.converse(s.id, {
      callId: 'c1',
      message: 'Which branch?',
      waitForResponse: true,
    });
    await page.nextTurn();
    const request = await ask(hub, s);
    expect((await hub.api('POST', `/api/sessions/${s.id}/reply`, { text: 'main' })).status).toBe(200);
    expect(await converse).toBe('(user replied in text) main');
    expect(hub.hub.permissions.get(request.id).state).toBe('pending');
  });

  it('leaves a spoken "yes" deciding, recorded as voice', async () => {
    const { hub, page, s } = await setUp(['Yes, go ahead.'], 'instant');
    const request = await ask(hub, s);
    await page.nextTurn();
    await waitFor('decided', () => hub.hub.permissions.get(request.id).state !== 'pending');
    expect(hub.hub.permissions.get(request.id)).toMatchObject({ state: 'allowed', decidedBy: 'voice' });
  });
});

describe('the decider in the audit log', () => {
  it('is the credential, never what the client says about itself', async () => {
    t = await startTestHub();
    const hub = t;
    const { session } = (await (await hub.api('POST', '/api/sessions', { name: 'audited' })).json()) as {
      session: Session;
    };
    await waitFor('ready', () => hub.hub.sessions.record(session.id).state === 'ready');

    // The hub token with a header claiming to be the page: still the API.
    const byApi = await ask(hub, session);
    const claimed = await decide(hub, byApi.id, {
      authorization: `Bearer ${hub.hub.token}`,
      'x-switchboard-client': 'page',
    });
    expect(claimed.status).toBe(200);
    expect(hub.hub.permissions.get(byApi.id).decidedBy).toBe('api');

    // A page login: the page.
    const login = await hub.api('POST', '/api/login', { token: hub.hub.token }, null);
    const { credential } = (await login.json()) as { credential: string };
    const byPage = await ask(hub, session);
    expect((await decide(hub, byPage.id, { authorization: `Bearer ${credential}` })).status).toBe(200);
    expect(hub.hub.permissions.get(byPage.id).decidedBy).toBe('page');

    // MCP, whatever the client calls itself.
    const byMcp = await ask(hub, session);
    const client = new Client({ name: 'voice', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), {
        requestInit: {
          headers: { authorization: `Bearer ${hub.hub.token}`, 'x-switchboard-client': 'voice' },
        },
      }),
    );
    const result = (await client.callTool({
      name: 'respond_permission',
      arguments: { id: byMcp.id, behavior: 'deny', message: 'not now' },
    })) as { isError?: boolean };
    expect(result.isError).toBeFalsy();
    await client.close();
    expect(hub.hub.permissions.get(byMcp.id)).toMatchObject({ state: 'denied', decidedBy: 'mcp' });
  });
});
