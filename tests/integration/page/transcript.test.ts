// The transcript the page shows: every spoken message, heard answer, typed reply and hub note is
// stored with a growing id, served by REST with a cursor, and pushed live over /ws.
import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import { FixedCostStt, FixedCostTts } from '../../support/fixed-cost-engines.js';
import {
  spawnReady,
  screenOf,
  startTestHub,
  typeLine,
  waitFor,
  type TestHub,
} from '../../support/hub-harness.js';
import { ScriptedBrowser } from '../../support/scripted-browser.js';

const JFK = new URL('../../../../shared/audio/jfk.wav', import.meta.url).pathname;

let t: TestHub | undefined;
let browser: ScriptedBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  await t?.dispose();
  t = undefined;
});

async function transcript(hub: TestHub, id: string, query = ''): Promise<TranscriptEntry[]> {
  const response = await hub.api('GET', `/api/sessions/${id}/transcript${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: TranscriptEntry[] }).entries;
}

describe('the transcript', () => {
  it('keeps both sides of spoken and typed turns, in order, and pushes each entry to the page', async () => {
    t = await startTestHub({
      engines: { tts: new FixedCostTts(0), stt: new FixedCostStt('ship it') },
      env: { SWITCHBOARD_SILENCE_MS: '1200' },
    });
    const hub = t;
    browser = await ScriptedBrowser.connect({
      url: hub.url,
      token: hub.hub.token,
      vad: 'energy',
      mic: { wav: JFK },
      playback: 'manual',
    });
    const s = await spawnReady(hub, 'notes');

    typeLine(hub.config.tmuxSocket, s.tmuxSession, 'converse Shall I deploy?');
    browser.finishPlayback((await browser.nextTurn()).turnId);
    await waitFor('the spoken answer on screen', () =>
      screenOf(hub.config.tmuxSocket, s.tmuxSession).includes('answer: ship it'),
    );
    await browser.waitForMessage('transcript', (m) => m.entry.role === 'user');

    // Typed while the question is still playing.
    typeLine(hub.config.tmuxSocket, s.tmuxSession, 'converse And the docs?');
    await browser.nextTurn();
    const reply = await hub.api('POST', `/api/sessions/${s.id}/reply`, { text: 'later' });
    expect(reply.status).toBe(200);

    await waitFor('four entries', async () => (await transcript(hub, s.id)).length === 4);
    const entries = await transcript(hub, s.id);
    expect(entries.map((e) => [e.role, e.channel, e.text])).toEqual([
      ['assistant', 'voice', 'Shall I deploy?'],
      ['user', 'voice', 'ship it'],
      ['assistant', 'voice', 'And the docs?'],
      ['user', 'text', 'later'],
    ]);
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => a - b));
    expect(entries[1]?.turnId).toBe(entries[0]?.turnId);

    // A cursor returns only what came after it; the page heard every entry live as well.
    expect((await transcript(hub, s.id, `?since=${entries[1]?.id}`)).map((e) => e.text)).toEqual([
      'And the docs?',
      'later',
    ]);
    await browser.waitForMessage('transcript', (m) => m.entry.text === 'later');
    expect((await transcript(hub, s.id, '?limit=1')).map((e) => e.text)).toEqual(['later']);
  });

  it('notes a muted session and a turn nobody answered', async () => {
    t = await startTestHub({
      engines: { tts: new FixedCostTts(0), stt: new FixedCostStt('unused') },
      env: { SWITCHBOARD_NO_BROWSER_WAIT_S: '1' },
    });
    const hub = t;
    const s = await spawnReady(hub, 'quiet');
    typeLine(hub.config.tmuxSocket, s.tmuxSession, 'converse Anyone there?');
    await waitFor('the no-browser note', async () => (await transcript(hub, s.id)).length === 2);
    await hub.api('PUT', `/api/sessions/${s.id}/muted`, { muted: true });
    typeLine(hub.config.tmuxSocket, s.tmuxSession, 'converse Muted words.');
    await waitFor('the muted message', async () => (await transcript(hub, s.id)).length === 3);
    expect((await transcript(hub, s.id)).map((e) => [e.role, e.channel, e.text])).toEqual([
      ['assistant', 'voice', 'Anyone there?'],
      ['system', 'text', '(no browser connected: message queued)'],
      ['assistant', 'text', 'Muted words.'],
    ]);
  });

  it('refuses a cursor that does not exist and bad query values, naming them', async () => {
    t = await startTestHub();
    const hub = t;
    const s = await spawnReady(hub, 'empty');
    const ahead = await hub.api('GET', `/api/sessions/${s.id}/transcript?since=999`);
    expect(ahead.status).toBe(404);
    expect(((await ahead.json()) as { error: { message: string } }).error.message).toMatch(/No event 999/);
    const bad = await hub.api('GET', `/api/sessions/${s.id}/transcript?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/limit/);
    const unknown = await hub.api('GET', '/api/sessions/nope/transcript');
    expect(unknown.status).toBe(404);
  });
});
