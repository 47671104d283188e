// Regression (issue 12, finding 8, with the page socket's send budget): one long message at
// speed 0.5, synthesized faster than real time, put 12.9 MB of audio in the queue of a page that
// read at loopback speed; the 8 MiB budget then closed that healthy page mid-speech and the turn
// never ended. Speech now waits for the page to catch up between chunks.
import { afterEach, describe, expect, it } from 'vitest';
import { FixedCostStt, FixedCostTts } from '../../support/fixed-cost-engines.js';
import { spawnReady, startTestHub, typeLine, type TestHub } from '../../support/hub-harness.js';
import { ScriptedBrowser } from '../../support/scripted-browser.js';

let t: TestHub | undefined;
let page: ScriptedBrowser | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
  await t?.dispose();
  t = undefined;
});

const SENTENCE = 'This sentence is part of a long spoken report about what the session did today. ';

describe('a long message spoken to a page that reads', () => {
  it('plays in full, more audio than the send budget, without the page being closed', async () => {
    const hub = await startTestHub({ engines: { tts: new FixedCostTts(0), stt: new FixedCostStt('ok') } });
    t = hub;
    const browser = await ScriptedBrowser.connect({ url: hub.url, token: hub.hub.token, vad: 'energy' });
    page = browser;
    const session = await spawnReady(hub, 'talker');
    expect((await hub.api('PUT', `/api/sessions/${session.id}/voice`, { speed: 0.5 })).status).toBe(200);
    typeLine(hub.config.tmuxSocket, session.tmuxSession, `note ${SENTENCE.repeat(40).trim()}`);

    const turn = await browser.nextTurn();
    // A page closed mid-speech never gets speak_end.
    const end = await browser.until(
      'the speech ended',
      () => browser.turn(turn.turnId).speakEnd ?? undefined,
    );
    const chunks = browser.turn(turn.turnId).chunks;
    expect(end).toMatchObject({ chunks: chunks.length, error: null });
    expect(chunks.length).toBeGreaterThanOrEqual(40);
    const audioBytes = chunks.reduce((sum, c) => sum + (c.bytes?.length ?? 0), 0);
    expect(audioBytes).toBeGreaterThan(12 * 1024 * 1024);
  });
});
