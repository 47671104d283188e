// The floor with real sessions (the stand-in CLI), the real hub and the scripted page: queueing
// across sessions, mute, barge-in, text replies, and no page at all. Engines have a fixed cost.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { CONVERSE_MARKERS } from '../../../protocol/voice.js';
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

async function hubWith(options: { ttsCostMs?: number; env?: Record<string, string> } = {}): Promise<TestHub> {
  t = await startTestHub({
    engines: { tts: new FixedCostTts(options.ttsCostMs ?? 0), stt: new FixedCostStt('this is what I said') },
    env: { SWITCHBOARD_SILENCE_MS: '1200', ...options.env },
  });
  return t;
}

async function page(hub: TestHub, options: Partial<ScriptedBrowserOptions> = {}): Promise<ScriptedBrowser> {
  const p = await ScriptedBrowser.connect({ url: hub.url, token: hub.hub.token, vad: 'energy', ...options });
  pages.push(p);
  return p;
}

const answerOnScreen = (hub: TestHub, s: Session, text: string) =>
  waitFor(`"${text}" on ${s.name}'s screen`, () =>
    screenOf(hub.config.tmuxSocket, s.tmuxSession).includes(`answer: ${text}`),
  );

describe('the floor', () => {
  it('speaks one session at a time; a second session queues, is flagged, then plays, announced', async () => {
    const hub = await hubWith({ ttsCostMs: 50 });
    const browser = await page(hub, { handsFree: true, playback: 'manual', mic: { wav: JFK } });
    const alpha = await spawnReady(hub, 'alpha');
    const beta = await spawnReady(hub, 'beta');

    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse First question. Second sentence.');
    const first = await browser.nextTurn();
    expect(first.sessionId).toBe(alpha.id);
    typeLine(hub.config.tmuxSocket, beta.tmuxSession, 'converse Beta here.');
    await browser.waitForMessage('floor_queue', (m) => m.queued.some((q) => q.sessionId === beta.id));

    await browser.until('all of alpha spoken', () => browser.turn(first.turnId).speakEnd !== null);
    expect(browser.turn(first.turnId).chunks.map((c) => c.seq)).toEqual([0, 1]);
    expect(browser.turns).toHaveLength(1); // beta waits while alpha holds the floor
    browser.finishPlayback(first.turnId);
    await answerOnScreen(hub, alpha, 'this is what I said');

    const second = await browser.nextTurn();
    expect(second).toMatchObject({ sessionId: beta.id, announce: 'beta says:' });
    await browser.until('beta spoken', () => browser.turn(second.turnId).speakEnd !== null);
    expect(browser.turn(second.turnId).chunks[0]?.text).toBe('beta says:');
    browser.finishPlayback(second.turnId);
    await answerOnScreen(hub, beta, 'this is what I said');
    const queue = await browser.waitForMessage('floor_queue', (m) => m.queued.length === 0);
    expect(queue.queued).toEqual([]);
  });

  it('without hands-free, a queued session waits until the floor is free and the person asks', async () => {
    const hub = await hubWith();
    const browser = await page(hub, { handsFree: false, playback: 'manual', mic: { wav: JFK } });
    const alpha = await spawnReady(hub, 'alpha');
    const beta = await spawnReady(hub, 'beta');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse Alpha asks.');
    const first = await browser.nextTurn();
    typeLine(hub.config.tmuxSocket, beta.tmuxSession, 'converse Beta asks.');
    await browser.waitForMessage('floor_queue', (m) => m.queued.some((q) => q.sessionId === beta.id));
    await browser.until('alpha spoken', () => browser.turn(first.turnId).speakEnd !== null);
    browser.finishPlayback(first.turnId);
    await browser.waitForTurnEnd(first.turnId);
    await new Promise((r) => setTimeout(r, 500));
    expect(browser.turns).toHaveLength(1);
    browser.setHandsFree(true);
    const second = await browser.nextTurn();
    expect(second.sessionId).toBe(beta.id);
  });

  it('a muted session answers "(session muted)" at once, and muting answers what it had queued', async () => {
    const hub = await hubWith({ ttsCostMs: 50 });
    const browser = await page(hub, { handsFree: true, playback: 'manual' });
    const alpha = await spawnReady(hub, 'alpha');
    const quiet = await spawnReady(hub, 'quiet');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse Alpha holds the floor.');
    await browser.nextTurn();
    typeLine(hub.config.tmuxSocket, quiet.tmuxSession, 'converse You will not hear this.');
    await browser.waitForMessage('floor_queue', (m) => m.queued.some((q) => q.sessionId === quiet.id));
    browser.setMuted(quiet.id, true);
    await answerOnScreen(hub, quiet, CONVERSE_MARKERS.muted);
    typeLine(hub.config.tmuxSocket, quiet.tmuxSession, 'converse Still muted?');
    await waitFor(
      'second muted answer',
      () => screenOf(hub.config.tmuxSocket, quiet.tmuxSession).split(CONVERSE_MARKERS.muted).length > 2,
    );
    const s = ((await (await hub.api('GET', `/api/sessions/${quiet.id}`)).json()) as { session: Session })
      .session;
    expect(s.muted).toBe(true);
    expect(browser.turns.every((turn) => turn.sessionId !== quiet.id)).toBe(true);
  });

  it('barge-in stops the speech at once and listens', async () => {
    // 5 sentences at 150 ms each: the barge-in comes while most are still being made.
    const hub = await hubWith({ ttsCostMs: 150 });
    const browser = await page(hub, { playback: 'manual', mic: { wav: JFK } });
    const alpha = await spawnReady(hub, 'alpha');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse One. Two. Three. Four. Five.');
    const turn = await browser.nextTurn();
    await browser.until('the first chunk', () => browser.turn(turn.turnId).chunks.length > 0);
    browser.bargeIn(turn.turnId);
    const listening = await browser.until('listen_start', () => browser.turn(turn.turnId).listenStart);
    expect(listening).not.toBeNull();
    const ended = await browser.waitForTurnEnd(turn.turnId);
    expect(ended.speakEnd?.chunks ?? 0).toBeLessThan(5);
    expect(browser.player.stopped).toContain(turn.turnId);
    expect(ended.turnEnd?.result).toBe('this is what I said');
    await answerOnScreen(hub, alpha, 'this is what I said');
  });

  it('a text reply answers the waiting converse at any moment, even mid-speech', async () => {
    const hub = await hubWith({ ttsCostMs: 150 });
    const browser = await page(hub, { playback: 'manual' });
    const alpha = await spawnReady(hub, 'alpha');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse One. Two. Three. Four. Five.');
    const turn = await browser.nextTurn();
    browser.sendText(alpha.id, 'typed it instead');
    const ended = await browser.waitForTurnEnd(turn.turnId);
    expect(ended.turnEnd).toMatchObject({ heard: 'typed it instead' });
    await answerOnScreen(hub, alpha, `${CONVERSE_MARKERS.textReplyPrefix} typed it instead`);
    // Nothing waits any more: a second reply is refused with a reason, and the hub stays up.
    browser.sendText(alpha.id, 'again');
    const error = await browser.waitForMessage('voice_error');
    expect(error.message).toMatch(/not waiting for a reply/);
  });

  it('with no page connected, converse says so after the wait, and the message plays when a page comes', async () => {
    const hub = await hubWith({ env: { SWITCHBOARD_NO_BROWSER_WAIT_S: '1' } });
    const alpha = await spawnReady(hub, 'alpha');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse Anyone there?');
    await answerOnScreen(hub, alpha, CONVERSE_MARKERS.noBrowser);
    const browser = await page(hub, { playback: 'instant' });
    const turn = await browser.nextTurn();
    expect(turn).toMatchObject({ sessionId: alpha.id, text: 'Anyone there?', listenAfter: false });
  });

  it('silence only: "(no speech detected)"', async () => {
    const hub = await hubWith({ env: { SWITCHBOARD_MAX_LISTEN_S: '2' } });
    const browser = await page(hub, { playback: 'instant', mic: { silence: true } });
    const alpha = await spawnReady(hub, 'alpha');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse Say something?');
    const turn = await browser.nextTurn();
    const ended = await browser.waitForTurnEnd(turn.turnId, 15_000);
    expect(ended.noSpeechAt).not.toBeNull();
    await answerOnScreen(hub, alpha, CONVERSE_MARKERS.noSpeech);
  });
});
