import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AudioFrameKind,
  decodeAudioFrame,
  encodeAudioFrame,
  floatToPcm16,
  type AudioFrame,
} from '../../../protocol/audio-frame.js';
import type { HubToBrowser } from '../../../protocol/browser.js';
import { pageToHubSchema, type PageToHub } from '../../../protocol/voice.js';
import { JFK_WAV } from '../../support/audio/file-mic.js';
import { ScriptedBrowser, type ScriptedBrowserOptions } from '../../support/scripted-browser.js';

/**
 * The scripted browser against a stand-in hub speaking the voice protocol: what the real hub's
 * tests will rely on (turn recording, playback, the WAV microphone through Silero) checked alone.
 */

const TOKEN = 'secret-token';

type Listen = { silenceMs: number; minUtteranceMs: number; maxListenMs: number };

class StandInHub {
  readonly fromPage: (PageToHub & { at: number })[] = [];
  readonly mic: AudioFrame[] = [];
  readonly url: string;
  listen: Listen = { silenceMs: 1200, minUtteranceMs: 250, maxListenMs: 30_000 };
  /** ms of 24 kHz audio per chunk. */
  chunkMs = [400, 200];
  private page: WebSocket | null = null;

  private constructor(private readonly server: WebSocketServer) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (socket) => {
      this.page = socket;
      this.send({ type: 'hello', protocolVersion: 1 });
      this.send({ type: 'session_list', sessions: [] });
      socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    });
  }

  static async start(): Promise<StandInHub> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      // Like the hub: a wrong token is refused at the HTTP upgrade.
      verifyClient: ({ req }: { req: { url?: string } }) => req.url === `/ws?token=${TOKEN}`,
    });
    await new Promise((resolve) => server.once('listening', resolve));
    return new StandInHub(server);
  }

  speak(turnId: string, listenAfter = true): void {
    this.send({
      type: 'speak_start',
      turnId,
      sessionId: 'api',
      sessionName: 'api-service',
      text: 'Build passed. Deploy?',
      announce: null,
      format: 'pcm16',
      sampleRate: 24_000,
      listenAfter,
    });
    this.chunkMs.forEach((ms, seq) => {
      this.send({ type: 'speak_chunk', turnId, seq, text: `chunk ${seq}`, durationMs: ms, source: null });
      const payload = floatToPcm16(new Float32Array((24_000 * ms) / 1000).fill(0.1));
      const last = seq === this.chunkMs.length - 1;
      this.page?.send(
        encodeAudioFrame({ kind: AudioFrameKind.speech, last, seq, turnId, sessionId: 'api', payload }),
      );
    });
    this.send({ type: 'speak_end', turnId, chunks: this.chunkMs.length, error: null });
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private send(message: HubToBrowser): void {
    this.page?.send(JSON.stringify(message));
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      const decoded = decodeAudioFrame(new Uint8Array(data));
      if (!decoded.ok) throw new Error(decoded.reason);
      this.mic.push({ ...decoded.frame, payload: new Uint8Array(decoded.frame.payload) });
      return;
    }
    const message = pageToHubSchema.parse(JSON.parse(data.toString('utf8')));
    this.fromPage.push({ ...message, at: Date.now() });
    // The hub's side of a turn, reduced to its order of events.
    if (message.type === 'playback_done' || message.type === 'barge_in')
      this.send({ type: 'listen_start', turnId: message.turnId, sessionId: 'api', ...this.listen });
    if (message.type === 'utterance_end' || message.type === 'no_speech') {
      const heard = message.type === 'utterance_end' ? 'ask not' : null;
      this.send({ type: 'listen_stop', turnId: message.turnId, reason: 'answered' });
      this.send({
        type: 'turn_end',
        turnId: message.turnId,
        sessionId: 'api',
        result: heard ?? '(no speech detected)',
        heard,
      });
    }
  }
}

let hub: StandInHub;
let browser: ScriptedBrowser | undefined;

const connect = async (options: Partial<ScriptedBrowserOptions> = {}) =>
  (browser = await ScriptedBrowser.connect({ url: hub.url, token: TOKEN, ...options }));

beforeEach(async () => {
  hub = await StandInHub.start();
});

afterEach(async () => {
  await browser?.close();
  browser = undefined;
  await hub.close();
});

describe('ScriptedBrowser', () => {
  it('says voice_hello, records the turn, plays it, and answers listen_start with jfk.wav through Silero', async () => {
    const page = await connect({ mic: { wav: JFK_WAV }, formats: ['pcm16', 'opus'] });
    expect(page.recorder.sent[0]?.message).toEqual({
      type: 'voice_hello',
      formats: ['pcm16', 'opus'],
      handsFree: false,
    });
    hub.speak('t1');
    const turn = await page.waitForTurnEnd('t1');

    expect(turn.chunks.map((c) => [c.seq, c.text, c.durationMs, c.bytes?.length, c.last])).toEqual([
      [0, 'chunk 0', 400, 24_000 * 0.4 * 2, false],
      [1, 'chunk 1', 200, 24_000 * 0.2 * 2, true],
    ]);
    expect(turn.speakEnd).toMatchObject({ chunks: 2, error: null });
    expect(turn.playbackDoneAt).toBeGreaterThanOrEqual(turn.speakEnd!.at);
    // The hub got the whole sentence: frames in order, the last one flagged, then utterance_end.
    expect(hub.mic.map((f) => f.seq)).toEqual(hub.mic.map((_, i) => i));
    expect(hub.mic.filter((f) => f.last).map((f) => f.seq)).toEqual([hub.mic.length - 1]);
    expect(
      hub.mic.every((f) => f.kind === AudioFrameKind.micPcm16 && f.turnId === 't1' && f.sessionId === 'api'),
    ).toBe(true);
    const outcome = turn.outcome;
    if (outcome?.type !== 'utterance_end')
      throw new Error(`expected an utterance, got ${JSON.stringify(outcome)}`);
    expect(outcome.speechStartMs).toBeGreaterThanOrEqual(200);
    expect(outcome.speechStartMs).toBeLessThanOrEqual(450);
    expect(outcome.speechEndMs).toBeGreaterThanOrEqual(10_500);
    const streamedMs = (hub.mic.reduce((n, f) => n + f.payload.length, 0) / 2 / 16_000) * 1000;
    expect(streamedMs).toBeGreaterThanOrEqual(outcome.speechEndMs - outcome.speechStartMs + 1200);
    expect(hub.fromPage.map((m) => m.type)).toEqual(['voice_hello', 'playback_done', 'utterance_end']);
    expect(turn.turnEnd).toMatchObject({ heard: 'ask not' });
    expect(await page.waitForMessage('turn_end', (m) => m.turnId === 't1')).toMatchObject({
      heard: 'ask not',
    });
    expect(page.turn('t1')).toBe(turn);
    expect(turn.speechEndAt).toBeNull(); // a fast mic's audio time is not wall time
    expect(page.state).toBe('idle');
    expect(page.invalid).toEqual([]);
  });

  it('silence only: no_speech after maxListenMs and no audio', async () => {
    hub.listen = { silenceMs: 800, minUtteranceMs: 250, maxListenMs: 2000 };
    const page = await connect();
    hub.speak('t2');
    const turn = await page.waitForTurnEnd('t2');
    expect(turn.outcome).toEqual({ type: 'no_speech', atMs: 2016 });
    expect(turn.noSpeechAt).not.toBeNull();
    expect(hub.mic).toEqual([]);
    expect(turn.turnEnd?.result).toBe('(no speech detected)');
  });

  it('manual playback: bargeIn(turnId) silences it and sends barge_in instead of playback_done', async () => {
    const page = await connect({ playback: 'manual' });
    hub.speak('t3', false);
    const turn = await page.nextTurn();
    await page.until('speak_end', () => turn.speakEnd);
    expect(page.state).toBe('speaking');
    page.bargeIn('t3');
    await page.until('barge_in at the hub', () => hub.fromPage.some((m) => m.type === 'barge_in'));
    expect(page.player.stopped).toEqual(['t3']);
    expect(hub.fromPage.map((m) => m.type)).toEqual(['voice_hello', 'barge_in']);
  });

  it('a real-time mic dates the end of speech in wall time', async () => {
    hub.listen = { silenceMs: 320, minUtteranceMs: 96, maxListenMs: 5000 };
    // A quiet room, then half a second of something loud from 0.2 s: enough for the energy VAD.
    const speechAndSilence = Float32Array.from({ length: 16_000 }, (_, i) =>
      i >= 3200 && i < 11_200 ? 0.3 * Math.sin(i / 3) : 0.001 * Math.sin(i / 5),
    );
    const page = await connect({ vad: 'energy', micPace: 'realtime', mic: { samples: speechAndSilence } });
    hub.speak('t6');
    const turn = await page.waitForTurnEnd('t6');
    if (turn.outcome?.type !== 'utterance_end') throw new Error('expected an utterance');
    expect(turn.speechEndAt).toBe(turn.micStartedAt! + turn.outcome.speechEndMs);
    // The page cannot say "done" before the silence that proves it has been heard.
    expect(turn.utteranceEndAt! - turn.speechEndAt!).toBeGreaterThanOrEqual(320 - 5);
  });

  it('realtime playback waits for the audio to play out before playback_done', async () => {
    const page = await connect({ playback: 'realtime' });
    hub.chunkMs = [300, 150];
    hub.speak('t4', false);
    const turn = await page.nextTurn();
    await page.until('playback_done', () => turn.playbackDoneAt);
    const firstAudio = Math.min(...turn.chunks.map((c) => c.audioAt ?? Infinity));
    expect(turn.playbackDoneAt! - firstAudio).toBeGreaterThanOrEqual(450 - 5);
  });

  it('voice barge-in: the WAV heard during playback interrupts it, and its words reach the hub', async () => {
    hub.chunkMs = [5000];
    hub.listen = { silenceMs: 800, minUtteranceMs: 250, maxListenMs: 30_000 };
    const page = await connect({ playback: 'realtime', bargeInByVoice: true, mic: { wav: JFK_WAV } });
    hub.speak('t5');
    const turn = await page.waitForTurnEnd('t5');
    expect(turn.bargeInAt).not.toBeNull();
    expect(turn.playbackDoneAt).toBeNull();
    expect(hub.fromPage.map((m) => m.type)).toEqual(['voice_hello', 'barge_in', 'utterance_end']);
    // "And so my fellow Americans" (to ~2.2 s), ended by the ~1 s pause that follows it.
    const outcome = turn.outcome;
    if (outcome?.type !== 'utterance_end') throw new Error('expected an utterance');
    expect(outcome.speechEndMs - outcome.speechStartMs).toBeGreaterThanOrEqual(1500);
    expect(hub.mic.length).toBeGreaterThan(0);
  });

  it('sends text replies, mute and hands-free as the page would', async () => {
    const page = await connect();
    page.sendText('api', 'ship it');
    page.setMuted('api', true);
    page.setHandsFree(true);
    await page.until('three messages', () => hub.fromPage.length >= 4);
    expect(hub.fromPage.slice(1).map(({ at: _at, ...m }) => m)).toEqual([
      { type: 'text_reply', sessionId: 'api', text: 'ship it' },
      { type: 'set_muted', sessionId: 'api', muted: true },
      { type: 'set_hands_free', handsFree: true },
    ]);
  });

  it('a wrong token fails to connect with a clear error', async () => {
    await expect(ScriptedBrowser.connect({ url: hub.url, token: 'nope', vad: 'energy' })).rejects.toThrow(
      /refused the page socket: HTTP 401/,
    );
  });
});
