// Permission prompts by voice, through the real hub and the scripted page: the hub speaks the
// question, listens, and an SttEngine double "hears" the person's word, which decides.
import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import type { Session } from '../../../protocol/session.js';
import { FixedCostStt, FixedCostTts } from '../../support/fixed-cost-engines.js';
import { startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';
import { ScriptedBrowser } from '../../support/scripted-browser.js';

const JFK = new URL('../../../../shared/audio/jfk.wav', import.meta.url).pathname;

let t: TestHub | undefined;
let page: ScriptedBrowser | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
  await t?.dispose();
  t = undefined;
});

async function setUp(
  heard: string[],
): Promise<{ hub: TestHub; page: ScriptedBrowser; s: Session; token: string }> {
  t = await startTestHub({ engines: { tts: new FixedCostTts(0), stt: new FixedCostStt(heard) } });
  const hub = t;
  page = await ScriptedBrowser.connect({
    url: hub.url,
    token: hub.hub.token,
    vad: 'energy',
    mic: { wav: JFK },
  });
  const { session } = (await (await hub.api('POST', '/api/sessions', { name: 'api-service' })).json()) as {
    session: Session;
  };
  await waitFor('ready', () => hub.hub.sessions.record(session.id).state === 'ready');
  return { hub, page, s: session, token: hub.hub.sessions.record(session.id).proxyToken };
}

let asked = 0;
async function ask(hub: TestHub, s: Session, token: string, toolName = 'Bash'): Promise<PermissionRequest> {
  const toolInput = toolName === 'Bash' ? { command: 'npm test' } : { file_path: '/tmp/notes.md' };
  const response = await hub.api(
    'POST',
    `/hooks/${s.id}/permission`,
    { requestKey: `key-${asked++}-${Date.now()}`, toolName, toolInput, via: 'hook' },
    token,
  );
  return ((await response.json()) as { request: PermissionRequest }).request;
}

const settled = (hub: TestHub, id: string) =>
  waitFor(`${id} settled`, () => {
    const request = hub.hub.permissions.get(id);
    return request.state === 'pending' ? undefined : request;
  });

describe('permission prompts by voice', () => {
  it('speaks a short question and allows on "yes"', async () => {
    const { hub, page, s, token } = await setUp(['Yes, go ahead.']);
    const request = await ask(hub, s, token);
    const turn = await page.nextTurn();
    expect(turn).toMatchObject({
      sessionId: s.id,
      text: 'api-service wants to run: npm test. Allow?',
      listenAfter: true,
    });
    expect(await settled(hub, request.id)).toMatchObject({
      state: 'allowed',
      decidedBy: 'voice',
      scope: 'once',
    });
  });

  it('"always" allows the tool for the rest of the session', async () => {
    const { hub, page, s, token } = await setUp(['Always.']);
    const request = await ask(hub, s, token);
    await page.nextTurn();
    expect(await settled(hub, request.id)).toMatchObject({ state: 'allowed', scope: 'session' });
  });

  it('repeats the question once on other words, then decides "no"', async () => {
    const { hub, page, s, token } = await setUp(['banana', 'No.']);
    const request = await ask(hub, s, token);
    await page.nextTurn();
    const again = await page.nextTurn();
    expect(again.text).toBe('Please say allow, deny, or always. api-service wants to run: npm test. Allow?');
    expect(await settled(hub, request.id)).toMatchObject({ state: 'denied', decidedBy: 'voice' });
  });

  it('after two answers that decide nothing, leaves the prompt in the inbox', async () => {
    const { hub, page, s, token } = await setUp(['banana', 'what?']);
    const request = await ask(hub, s, token);
    await page.nextTurn();
    const second = await page.nextTurn();
    await page.waitForTurnEnd(second.turnId);
    // The next question on the floor is a new prompt's, not a third try at this one.
    await ask(hub, s, token, 'Write');
    expect((await page.nextTurn()).text).toBe('api-service wants to use Write on /tmp/notes.md. Allow?');
    expect(hub.hub.permissions.get(request.id).state).toBe('pending');
  });

  it('stops asking when the prompt is decided on the page meanwhile', async () => {
    const { hub, page, s, token } = await setUp(['Yes.']);
    page.setMicrophone({ silence: true });
    const request = await ask(hub, s, token);
    const turn = await page.nextTurn();
    const response = await hub.api('POST', `/api/permissions/${request.id}`, { behavior: 'deny' });
    expect(response.status).toBe(200);
    await page.waitForTurnEnd(turn.turnId);
    expect(hub.hub.permissions.get(request.id)).toMatchObject({ state: 'denied', decidedBy: 'api' });
  });
});
