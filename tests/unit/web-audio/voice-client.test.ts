import { beforeEach, describe, expect, it } from 'vitest';
import { AudioFrameKind, decodeAudioFrame, pcm16ToFloat } from '../../../protocol/audio-frame.js';
import type { HubToBrowser } from '../../../protocol/browser.js';
import { MIC_FRAMES_PER_MESSAGE } from '../../../web/audio/listen-turn.js';
import { VAD_FRAME_SAMPLES } from '../../../web/audio/ports.js';
import { VoiceClient, type VoiceClientEvents } from '../../../web/audio/voice-client.js';
import { FakeMic, FakePlayer, FakeSocket, LevelVad } from './fakes.js';

const T = 't1';
const S = 'api';

const speakStart = (listenAfter = true): HubToBrowser => ({
  type: 'speak_start',
  turnId: T,
  sessionId: S,
  sessionName: 'api-service',
  text: 'Shall I deploy?',
  announce: null,
  format: 'pcm16',
  sampleRate: 24_000,
  listenAfter,
});

const listenStart: HubToBrowser = {
  type: 'listen_start',
  turnId: T,
  sessionId: S,
  silenceMs: 320,
  minUtteranceMs: 96,
  maxListenMs: 3200,
};

const speech = (seq: number, last: boolean) => ({
  kind: AudioFrameKind.speech,
  last,
  seq,
  turnId: T,
  sessionId: S,
  payload: new Uint8Array(480),
});

let socket: FakeSocket;
let player: FakePlayer;
let mic: FakeMic;
let events: string[];

/** Hands-free unless a test says otherwise: the mic follows the conversation by itself. */
function client(options: { bargeInByVoice?: boolean; handsFree?: boolean } = {}): VoiceClient {
  const c = new VoiceClient({
    socket,
    player,
    mic,
    vad: new LevelVad(),
    formats: ['pcm16'],
    handsFree: true,
    ...options,
  });
  for (const type of [
    'speaking',
    'listening',
    'speech',
    'utterance',
    'barge_in',
    'idle',
    'transcript',
    'error',
    'ready',
  ] as const)
    c.on(type, (payload: VoiceClientEvents[typeof type]) => {
      const detail = 'reason' in payload ? ` ${payload.reason}` : 'role' in payload ? ` ${payload.role}` : '';
      events.push(`${type}${detail}`);
    });
  return c;
}

/** Speaks a two-chunk turn to the client and lets it play out. */
function speakAndPlay(c: VoiceClient, listenAfter = true): void {
  socket.deliver(speakStart(listenAfter));
  socket.deliverFrame(speech(0, false));
  socket.deliverFrame(speech(1, true));
  socket.deliver({ type: 'speak_end', turnId: T, chunks: 2, error: null });
  expect(c.state).toBe('speaking');
  player.finish();
}

/** The micPcm16 frames the page sent, decoded. */
const micFrames = () =>
  socket.binary().map((b) => {
    const decoded = decodeAudioFrame(new Uint8Array(b));
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.frame;
  });

/** The microphone audio the page sent, all messages joined, and the first sample of VAD frame n. */
const micSamples = () => {
  const parts = micFrames().map((f) => pcm16ToFloat(f.payload));
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  return all;
};
const frameStart = (samples: Float32Array, n: number) => samples[n * VAD_FRAME_SAMPLES]!;

beforeEach(() => {
  socket = new FakeSocket();
  player = new FakePlayer();
  mic = new FakeMic();
  events = [];
});

describe('VoiceClient', () => {
  it('answers the hub hello with voice_hello and asks for arraybuffer frames', () => {
    client({ handsFree: false });
    expect(socket.binaryType).toBe('arraybuffer');
    socket.deliver({ type: 'hello', protocolVersion: 1 });
    expect(socket.json()).toEqual([{ type: 'voice_hello', formats: ['pcm16'], handsFree: false }]);
  });

  it('speak -> playback_done -> listen -> utterance_end, streaming micPcm16 frames', async () => {
    const c = client();
    speakAndPlay(c);
    expect(player.calls).toEqual([
      'begin t1 pcm16@24000',
      'push 0 (480 bytes)',
      'push 1 (480 bytes)',
      'end 2',
    ]);
    expect(socket.json()).toEqual([{ type: 'playback_done', turnId: T }]);
    socket.deliver(listenStart);
    expect(mic.running).toBe(true);

    await mic.say(0, 10); // silence: nothing is sent
    expect(socket.binary()).toHaveLength(0);
    await mic.say(0.9, 12); // 384 ms of speech
    await mic.say(0.1, 12); // 320 ms of silence closes it

    const frames = micFrames();
    expect(
      frames.every((f) => f.kind === AudioFrameKind.micPcm16 && f.turnId === T && f.sessionId === S),
    ).toBe(true);
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i));
    expect(frames.map((f) => f.last)).toEqual(frames.map((_, i) => i === frames.length - 1));
    // Pre-roll (250 ms = 8 frames of the silence) + 12 speech frames + 10 silent ones to 320 ms,
    // MIC_FRAMES_PER_MESSAGE frames a message.
    const sent = 8 + 12 + 10;
    expect(frames).toHaveLength(Math.ceil(sent / MIC_FRAMES_PER_MESSAGE));
    expect(
      frames.slice(0, -1).every((f) => f.payload.length === MIC_FRAMES_PER_MESSAGE * VAD_FRAME_SAMPLES * 2),
    ).toBe(true);
    const samples = micSamples();
    expect(samples).toHaveLength(sent * VAD_FRAME_SAMPLES);
    expect(frameStart(samples, 7)).toBe(0); // the pre-roll is the silence before the speech
    expect(frameStart(samples, 8)).toBeCloseTo(0.9, 3);
    expect(socket.types().slice(-2)).toEqual(['binary', 'utterance_end']);
    expect(mic.running).toBe(false);
    expect(c.state).toBe('idle');
    expect(events).toEqual([
      'speaking',
      'transcript assistant',
      'listening',
      'speech',
      'utterance',
      'idle utterance_end',
    ]);
  });

  it('Regression: speech between playback_done and listen_start is not lost', async () => {
    const c = client();
    speakAndPlay(c);
    expect(mic.running).toBe(true); // opened at playback_done, before the hub asks
    await mic.say(0.9, 12);
    socket.deliver(listenStart);
    await mic.say(0, 12);
    expect(socket.types().at(-1)).toBe('utterance_end');
    expect(frameStart(micSamples(), 0)).toBeCloseTo(0.9, 3);
  });

  it('nobody speaks: no_speech at maxListenMs, no audio sent, mic released', async () => {
    const c = client();
    speakAndPlay(c);
    socket.deliver(listenStart);
    await mic.say(0.05, 3200 / 32 + 5);
    expect(socket.types()).toEqual(['playback_done', 'no_speech']);
    expect(mic.running).toBe(false);
    expect(c.state).toBe('idle');
    expect(events.at(-1)).toBe('idle no_speech');
  });

  it('a tap during playback stops the player at once and sends barge_in, then listens', async () => {
    const c = client();
    socket.deliver(speakStart());
    socket.deliverFrame(speech(0, false));
    expect(c.bargeIn()).toBe(true);
    expect(player.calls.at(-1)).toBe('stop');
    expect(socket.json()).toEqual([{ type: 'barge_in', turnId: T }]);
    // Audio still in flight for the interrupted turn is not played.
    socket.deliverFrame(speech(1, true));
    expect(player.calls.at(-1)).toBe('stop');
    socket.deliver(listenStart);
    await mic.say(0.9, 12);
    await mic.say(0, 12);
    expect(socket.types().at(-1)).toBe('utterance_end');
    expect(c.bargeIn()).toBe(false); // nothing playing any more
  });

  it('speech during playback barges in by itself and keeps the words that triggered it', async () => {
    const c = client({ bargeInByVoice: true });
    socket.deliver(speakStart());
    expect(mic.running).toBe(true);
    await mic.say(0.1, 5); // the room (and our own echo, below the barge-in threshold)
    await mic.say(0.6, 10); // echo-level: not enough to interrupt
    expect(player.calls).not.toContain('stop');
    await mic.say(0.9, 7); // 224 ms of clear speech
    expect(player.calls.at(-1)).toBe('stop');
    expect(socket.json()).toEqual([{ type: 'barge_in', turnId: T }]);
    expect(c.state).toBe('listening');
    socket.deliver(listenStart);
    await mic.say(0.1, 12);
    const samples = micSamples();
    // The utterance starts where the voice started (0.6 counts as speech for the endpointer), with pre-roll.
    expect(Array.from({ length: 9 }, (_, n) => frameStart(samples, n).toFixed(1))).toEqual([
      ...Array<string>(5).fill('0.1'),
      ...Array<string>(4).fill('0.6'),
    ]);
    expect(socket.types().at(-1)).toBe('utterance_end');
    expect(events).toContain('barge_in');
  });

  it('listen_stop stops the mic and sends nothing more', async () => {
    const c = client();
    speakAndPlay(c);
    socket.deliver(listenStart);
    await mic.say(0.9, 4);
    socket.deliver({ type: 'listen_stop', turnId: T, reason: 'answered' });
    expect(mic.running).toBe(false);
    expect(mic.stops).toBe(1);
    expect(c.state).toBe('idle');
    const sent = socket.sent.length;
    await mic.say(0.9, 20);
    expect(socket.sent.length).toBe(sent);
    expect(events.at(-1)).toBe('idle listen_stop');
  });

  it('turn_end mid-speech (muted, or answered by text) silences the player; heard words become a transcript', () => {
    const c = client();
    socket.deliver(speakStart());
    socket.deliver({
      type: 'turn_end',
      turnId: T,
      sessionId: S,
      result: '(user replied in text) yes',
      heard: 'yes',
    });
    expect(player.calls.at(-1)).toBe('stop');
    expect(c.state).toBe('idle');
    expect(events).toEqual(['speaking', 'transcript assistant', 'transcript user', 'idle turn_end']);
  });

  it('a turn that does not wait for an answer goes idle after playback, mic closed', () => {
    const c = client();
    speakAndPlay(c, false);
    expect(socket.json()).toEqual([{ type: 'playback_done', turnId: T }]);
    expect(mic.running).toBe(false);
    expect(c.state).toBe('idle');
  });

  it('voice_error instead of listen_start (speech recognition down) closes the waiting mic', () => {
    const c = client();
    speakAndPlay(c);
    expect(mic.running).toBe(true);
    socket.deliver({ type: 'voice_error', turnId: T, message: 'Speech recognition is unavailable' });
    expect(mic.running).toBe(false);
    expect(c.state).toBe('idle');
    expect(events).toContain('error');
  });

  it('ignores speech frames of another turn and malformed hub messages', () => {
    const debug: string[] = [];
    const c = new VoiceClient({ socket, player, mic, vad: new LevelVad(), debug: (m) => debug.push(m) });
    socket.deliver(speakStart());
    socket.deliverFrame({ ...speech(0, false), turnId: 'other' });
    socket.deliver('{"type":"speak_end","turnId":"t1"}');
    socket.deliver('not json');
    expect(player.calls).toEqual(['begin t1 pcm16@24000']);
    expect(debug).toHaveLength(2);
    expect(c.state).toBe('speaking');
  });

  it('sends text replies, mute and hands-free for the page', () => {
    const c = client();
    c.sendText(S, 'ship it');
    c.setMuted(S, true);
    c.setHandsFree(true);
    c.hello();
    expect(socket.json()).toEqual([
      { type: 'text_reply', sessionId: S, text: 'ship it' },
      { type: 'set_muted', sessionId: S, muted: true },
      { type: 'set_hands_free', handsFree: true },
      { type: 'voice_hello', formats: ['pcm16'], handsFree: true },
    ]);
  });

  it('dispose releases the microphone and stops listening to the socket', () => {
    const c = client();
    speakAndPlay(c);
    c.dispose();
    expect(mic.running).toBe(false);
    socket.deliver(speakStart());
    expect(player.calls.filter((call) => call.startsWith('begin'))).toHaveLength(1);
  });

  // Issue 13, point 5: with hands-free off the microphone opened by itself after speech.
  it('push-to-talk: after a question is spoken the mic stays closed until the person answers', async () => {
    const c = client({ handsFree: false });
    speakAndPlay(c);
    expect(c.phase).toBe('ready');
    expect(events).toContain('ready');
    socket.deliver(listenStart);
    expect(mic.running).toBe(false);
    expect(c.answer()).toBe(true);
    expect(mic.running).toBe(true);
    expect(socket.json()).toContainEqual({ type: 'listen_open', turnId: T });
    await mic.say(0.9, 10);
    await mic.say(0, 14);
    expect(socket.json()).toContainEqual({ type: 'utterance_end', turnId: T });
  });

  it('push-to-talk: a tap that comes before listen_start opens the mic when it arrives', () => {
    const c = client({ handsFree: false });
    speakAndPlay(c);
    expect(c.answer()).toBe(true);
    expect(mic.running).toBe(false);
    socket.deliver(listenStart);
    expect(mic.running).toBe(true);
    expect(socket.json()).toContainEqual({ type: 'listen_open', turnId: T });
  });

  it('push-to-talk: the question answered by text meanwhile ends the wait without a mic', () => {
    const c = client({ handsFree: false });
    speakAndPlay(c);
    socket.deliver(listenStart);
    socket.deliver({ type: 'listen_stop', turnId: T, reason: 'answered' });
    expect(c.phase).toBe('idle');
    expect(mic.starts).toBe(0);
    expect(c.answer()).toBe(false);
  });

  // Issue 13, point 4: the person could not speak first.
  it('speak first: dictate opens the mic at once and keeps the start until the hub names the turn', async () => {
    const c = client({ handsFree: false });
    expect(c.dictate(S)).toBe(true);
    expect(socket.json()).toContainEqual({ type: 'dictate', sessionId: S });
    expect(mic.running).toBe(true);
    await mic.say(0.9, 4); // heard before listen_start: kept
    socket.deliver(listenStart);
    await mic.say(0.9, 6);
    await mic.say(0, 14);
    expect(socket.json()).toContainEqual({ type: 'utterance_end', turnId: T });
    expect(c.dictate(S)).toBe(true); // idle again: the person can speak first again
  });
});
