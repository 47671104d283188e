// Voice when things are missing or unusual: no model files (text mode keeps working), and an
// uploaded recording instead of streamed microphone PCM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AudioFrameKind, encodeAudioFrame } from '../../../protocol/audio-frame.js';
import { hubToBrowserSchema, type HubToBrowser } from '../../../protocol/browser.js';
import type { PageToHub } from '../../../protocol/voice.js';
import { resolveFfmpegPath } from '../../../server/voice/audio/ffmpeg.js';
import { KokoroTts } from '../../../server/voice/engines/kokoro-tts.js';
import { WhisperStt } from '../../../server/voice/engines/whisper-stt.js';
import { FixedCostStt, FixedCostTts } from '../../support/fixed-cost-engines.js';
import {
  spawnReady,
  screenOf,
  startTestHub,
  typeLine,
  waitFor,
  type TestHub,
} from '../../support/hub-harness.js';

const JFK = new URL('../../../../shared/audio/jfk.wav', import.meta.url).pathname;
// Nothing listens here: the model "download" fails at once instead of reaching the internet.
const NO_HUB = 'http://127.0.0.1:9/';

let t: TestHub | undefined;
let empty: string | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  if (empty !== undefined) rmSync(empty, { recursive: true, force: true });
});

/** A bare page socket: JSON and binary frames exactly as a browser would send them. */
async function rawPage(hub: TestHub) {
  const messages: HubToBrowser[] = [];
  const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/ws?token=${hub.hub.token}`);
  ws.on('message', (data, binary) => {
    if (!binary) messages.push(hubToBrowserSchema.parse(JSON.parse(data.toString())));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const send = (m: PageToHub) => ws.send(JSON.stringify(m));
  const next = <T extends HubToBrowser['type']>(type: T) =>
    waitFor(type, () => messages.find((m): m is Extract<HubToBrowser, { type: T }> => m.type === type));
  return { ws, messages, send, next };
}

describe('voice without its models', () => {
  it('says which model is missing and how to get it, and the text reply still works', async () => {
    empty = mkdtempSync(join(tmpdir(), 'sb-no-models-'));
    const options = { modelsDir: empty, remoteHost: NO_HUB, probeTimeoutMs: 1_000 };
    t = await startTestHub({ engines: { tts: new KokoroTts(options), stt: new WhisperStt(options) } });
    const hub = t;
    const page = await rawPage(hub);
    page.send({ type: 'voice_hello', formats: ['pcm16'], handsFree: true });
    const alpha = await spawnReady(hub, 'alpha');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse Can you hear me?');

    const start = await page.next('speak_start');
    expect(start.text).toBe('Can you hear me?'); // the page can show it
    const end = await page.next('speak_end');
    expect(end.chunks).toBe(0);
    expect(end.error).toContain('onnx-community/Kokoro-82M-v1.0-ONNX');
    expect(end.error).toContain(empty);
    expect(end.error).toContain('npm run models');

    page.send({ type: 'playback_done', turnId: start.turnId });
    await waitFor('the model status reaches the page', () =>
      page.messages.some(
        (m) => m.type === 'model_status' && m.models.some((x) => x.kind === 'tts' && x.state === 'missing'),
      ),
    );
    page.send({ type: 'text_reply', sessionId: alpha.id, text: 'loud and clear' });
    await waitFor('the typed answer reaches Claude', () =>
      screenOf(hub.config.tmuxSocket, alpha.tmuxSession).includes(
        'answer: (user replied in text) loud and clear',
      ),
    );
    expect((await hub.api('GET', '/health')).status).toBe(200);
    page.ws.close();
  });
});

describe('an uploaded recording', () => {
  it('is decoded with ffmpeg and transcribed like streamed microphone audio', async () => {
    const stt = new FixedCostStt('from the recording');
    t = await startTestHub({ engines: { tts: new FixedCostTts(), stt } });
    const hub = t;
    const page = await rawPage(hub);
    page.send({ type: 'voice_hello', formats: ['pcm16'], handsFree: true });
    const alpha = await spawnReady(hub, 'alpha');
    typeLine(hub.config.tmuxSocket, alpha.tmuxSession, 'converse Send me a voice note.');
    const start = await page.next('speak_start');
    await page.next('speak_end');
    page.send({ type: 'playback_done', turnId: start.turnId });
    await page.next('listen_start');

    const ffmpeg = await resolveFfmpegPath(process.env.PATH);
    const webm = execFileSync(ffmpeg, [
      '-loglevel',
      'error',
      '-i',
      JFK,
      '-c:a',
      'libopus',
      '-f',
      'webm',
      'pipe:1',
    ]);
    const half = Math.floor(webm.length / 2);
    [webm.subarray(0, half), webm.subarray(half)].forEach((payload, seq) =>
      page.ws.send(
        encodeAudioFrame({
          kind: AudioFrameKind.micEncoded,
          last: seq === 1,
          seq,
          turnId: start.turnId,
          sessionId: alpha.id,
          payload,
        }),
      ),
    );
    page.send({ type: 'utterance_end', turnId: start.turnId });
    const end = await page.next('turn_end');
    expect(end).toMatchObject({ result: 'from the recording', heard: 'from the recording' });
    // The whole 11 s recording reached the recognizer as 16 kHz samples.
    expect(Math.abs((stt.heard[0]?.length ?? 0) - 11 * 16_000)).toBeLessThan(16_000);
    page.ws.close();
  });

  it('a frame that is not audio gets an error frame, and the hub stays up', async () => {
    t = await startTestHub();
    const page = await rawPage(t);
    page.ws.send(Buffer.from('garbage, not a frame'));
    const error = await page.next('voice_error');
    expect(error.message).toMatch(/Bad audio frame/);
    page.send({ type: 'nonsense' } as unknown as PageToHub);
    await waitFor('a second error', () => page.messages.filter((m) => m.type === 'voice_error').length === 2);
    expect((await t.api('GET', '/health')).status).toBe(200);
    page.ws.close();
  });
});
