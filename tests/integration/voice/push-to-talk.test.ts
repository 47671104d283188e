// Issue 13, points 4 and 5: with hands-free off the floor still keeps order and the microphone
// opens only when the person taps; and the person can speak first, to a session that is not
// asking anything. The real hub, stand-in sessions, the scripted page (the page's own VoiceClient).
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { FixedCostStt, FixedCostTts } from '../../support/fixed-cost-engines.js';
import {
  spawnReady,
  screenOf,
  startTestHub,
  typeLine,
  waitFor,
  type TestHub,
} from '../../support/hub-harness.js';
import { ScriptedBrowser, type ScriptedBrowserOptions } from '../../support/scripted-browser.js';

const JFK = new URL('../../../../shared/audio/jfk.wav', import.meta.url).pathname;

let t: TestHub | undefined;
let pages: ScriptedBrowser[] = [];
afterEach(async () => {
  for (const page of pages) await page.close();
  pages = [];
  await t?.dispose();
  t = undefined;
});

async function setUp(options: Partial<ScriptedBrowserOptions> = {}) {
  t = await startTestHub({
    engines: { tts: new FixedCostTts(0), stt: new FixedCostStt('this is what I said') },
    env: { SWITCHBOARD_SILENCE_MS: '800' },
  });
  const hub = t;
  const page = await ScriptedBrowser.connect({
    url: hub.url,
    token: hub.hub.token,
    vad: 'energy',
    handsFree: false,
    mic: { wav: JFK },
    ...options,
  });
  pages.push(page);
  return { hub, page };
}

const ask = (hub: TestHub, s: Session, text: string) =>
  typeLine(hub.config.tmuxSocket, s.tmuxSession, `converse ${text}`);
const answered = (hub: TestHub, s: Session) =>
  waitFor(`${s.name} answered`, () =>
    screenOf(hub.config.tmuxSocket, s.tmuxSession).includes('answer: this is what I said'),
  );

describe('push-to-talk (hands-free off)', () => {
  it('keeps the microphone closed after a question until the person taps, then answers', async () => {
    const { hub, page } = await setUp({ answerAtOnce: false, playback: 'instant' });
    const alpha = await spawnReady(hub, 'alpha');
    ask(hub, alpha, 'Which branch?');
    const turn = await page.nextTurn();
    // The sentinel: the hub asked this page to listen, and the page has it.
    await page.waitForMessage('listen_start', (m) => m.turnId === turn.turnId);
    expect(page.client.phase).toBe('ready');
    expect(page.mic.running).toBe(false);
    expect(page.turn(turn.turnId).mic.bytes).toBe(0);

    expect(page.answer()).toBe(true);
    expect(page.mic.running).toBe(true);
    await answered(hub, alpha);
    expect(page.recorder.sent.some((s) => s.message.type === 'listen_open')).toBe(true);
  });

  it('plays queued questions first asked, first spoken, also after the floor sat free', async () => {
    const { hub, page } = await setUp({ playback: 'manual' });
    const [alpha, beta, gamma] = [
      await spawnReady(hub, 'alpha'),
      await spawnReady(hub, 'beta'),
      await spawnReady(hub, 'gamma'),
    ];
    ask(hub, alpha, 'First.');
    const first = await page.nextTurn();
    ask(hub, beta, 'Second, asked while alpha speaks.');
    await page.waitForMessage('floor_queue', (m) => m.queued.some((q) => q.sessionId === beta.id));
    page.finishPlayback(first.turnId);
    await answered(hub, alpha);
    // Hands-free off: beta waits for the person. A newer question must not jump ahead of it.
    await page.waitForMessage('floor_queue', (m) => m.queued.length === 1);
    ask(hub, gamma, 'Third, asked last.');
    const second = await page.nextTurn();
    expect(second.sessionId).toBe(beta.id);
    page.finishPlayback(second.turnId);
    await answered(hub, beta);
    page.client.setHandsFree(false); // the person's tap: play the next one
    const third = await page.nextTurn();
    expect(third.sessionId).toBe(gamma.id);
  });
});

describe('speaking first', () => {
  it('listens to the person with nothing waiting and says what it heard, sending nothing itself', async () => {
    const { hub, page } = await setUp();
    const alpha = await spawnReady(hub, 'alpha');
    expect(page.dictate(alpha.id)).toBe(true);
    const heard = await page.waitForMessage('dictation', (m) => m.sessionId === alpha.id);
    expect(heard.heard).toBe('this is what I said');
    // The hub typed nothing in: the page sends it (or the person cancels), as the person's prompt.
    const { messages } = (await (await hub.api('GET', `/api/sessions/${alpha.id}/messages`)).json()) as {
      messages: unknown[];
    };
    expect(messages).toEqual([]);
    expect(hub.hub.sessions.record(alpha.id).state).toBe('ready');
  });

  it('is refused, with the reason, while someone holds the floor', async () => {
    const { hub, page } = await setUp({ playback: 'manual' });
    const alpha = await spawnReady(hub, 'alpha');
    ask(hub, alpha, 'Speaking now.');
    const turn = await page.nextTurn();
    page.sendJson({ type: 'dictate', sessionId: alpha.id });
    const refused = await page.waitForMessage('voice_error', (m) =>
      /speaking or being listened to/.test(m.message),
    );
    expect(refused.message).toMatch(/tap to interrupt/);
    page.finishPlayback(turn.turnId);
    await answered(hub, alpha);
  });
});
