import { AudioFrameKind, decodeAudioFrame } from '../../../protocol/audio-frame.js';
import type { HubToBrowser } from '../../../protocol/browser.js';
import type { PageToHub, SpeechFormat } from '../../../protocol/voice.js';
import type { ListenOutcome } from '../../../web/audio/listen-turn.js';

/** Epoch milliseconds with sub-millisecond precision: comparable with times taken in other processes. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export type RecordedChunk = {
  seq: number;
  /** From speak_chunk; null while (or if) it has not come. */
  text: string | null;
  durationMs: number | null;
  /** The speech frame's payload: pcm16 bytes or one Ogg/Opus file. */
  bytes: Uint8Array | null;
  /** The frame's `last` flag. */
  last: boolean;
  textAt: number | null;
  audioAt: number | null;
};

/** Everything that happened in one turn, as seen by the page. Times are epochNow(). */
export type RecordedTurn = {
  turnId: string;
  sessionId: string;
  sessionName: string;
  text: string;
  announce: string | null;
  format: SpeechFormat;
  sampleRate: number;
  listenAfter: boolean;
  startedAt: number;
  /** In order of first arrival (speak_chunk or audio frame); each carries its seq. */
  chunks: RecordedChunk[];
  speakEnd: { chunks: number; error: string | null; at: number } | null;
  playbackDoneAt: number | null;
  bargeInAt: number | null;
  listenStart: { silenceMs: number; minUtteranceMs: number; maxListenMs: number; at: number } | null;
  /** Microphone frames this page sent for the turn. */
  mic: { seqs: number[]; bytes: number; firstAt: number | null; lastAt: number | null; lastFlag: boolean };
  /** The endpointer's verdict with its audio times (ms since listening began). */
  outcome: ListenOutcome | null;
  /** Epoch ms of the listen's audio time 0; null unless the mic ran in real time (micPace). */
  micStartedAt: number | null;
  /** Epoch ms at which the person stopped speaking (micStartedAt + outcome.speechEndMs), when known. */
  speechEndAt: number | null;
  utteranceEndAt: number | null;
  noSpeechAt: number | null;
  listenStop: { reason: string; at: number } | null;
  turnEnd: { result: string; heard: string | null; at: number } | null;
};

export type Logged<M> = { at: number; message: M };

/** Turns the socket traffic (both directions) into RecordedTurns and a message log. */
export class TurnRecorder {
  readonly turns = new Map<string, RecordedTurn>();
  /** Every JSON message from the hub, in order. */
  readonly received: Logged<HubToBrowser>[] = [];
  /** Every JSON message this page sent, in order (mic frames are in each turn's `mic`). */
  readonly sent: Logged<PageToHub>[] = [];
  private readonly listeners = new Set<() => void>();

  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  receivedJson(m: HubToBrowser, at = epochNow()): void {
    this.received.push({ at, message: m });
    switch (m.type) {
      case 'speak_start':
        this.turns.set(m.turnId, {
          turnId: m.turnId,
          sessionId: m.sessionId,
          sessionName: m.sessionName,
          text: m.text,
          announce: m.announce,
          format: m.format,
          sampleRate: m.sampleRate,
          listenAfter: m.listenAfter,
          startedAt: at,
          chunks: [],
          speakEnd: null,
          playbackDoneAt: null,
          bargeInAt: null,
          listenStart: null,
          mic: { seqs: [], bytes: 0, firstAt: null, lastAt: null, lastFlag: false },
          outcome: null,
          micStartedAt: null,
          speechEndAt: null,
          utteranceEndAt: null,
          noSpeechAt: null,
          listenStop: null,
          turnEnd: null,
        });
        break;
      case 'speak_chunk': {
        const chunk = this.chunk(m.turnId, m.seq);
        if (chunk !== undefined) Object.assign(chunk, { text: m.text, durationMs: m.durationMs, textAt: at });
        break;
      }
      case 'speak_end':
        this.update(m.turnId, (t) => (t.speakEnd = { chunks: m.chunks, error: m.error, at }));
        break;
      case 'listen_start':
        this.update(m.turnId, (t) => {
          t.listenStart = {
            silenceMs: m.silenceMs,
            minUtteranceMs: m.minUtteranceMs,
            maxListenMs: m.maxListenMs,
            at,
          };
        });
        break;
      case 'listen_stop':
        this.update(m.turnId, (t) => (t.listenStop = { reason: m.reason, at }));
        break;
      case 'turn_end':
        this.update(m.turnId, (t) => (t.turnEnd = { result: m.result, heard: m.heard, at }));
        break;
    }
    this.changed();
  }

  receivedBinary(bytes: Uint8Array, at = epochNow()): void {
    const decoded = decodeAudioFrame(bytes);
    if (!decoded.ok || decoded.frame.kind !== AudioFrameKind.speech) return;
    const { frame } = decoded;
    const chunk = this.chunk(frame.turnId, frame.seq);
    if (chunk !== undefined)
      Object.assign(chunk, { bytes: new Uint8Array(frame.payload), last: frame.last, audioAt: at });
    this.changed();
  }

  sentJson(message: PageToHub, at = epochNow()): void {
    this.sent.push({ at, message });
    const turnId = 'turnId' in message ? message.turnId : undefined;
    if (turnId !== undefined)
      this.update(turnId, (t) => {
        if (message.type === 'playback_done') t.playbackDoneAt = at;
        if (message.type === 'barge_in') t.bargeInAt = at;
        if (message.type === 'utterance_end') t.utteranceEndAt = at;
        if (message.type === 'no_speech') t.noSpeechAt = at;
      });
    this.changed();
  }

  sentBinary(bytes: Uint8Array, at = epochNow()): void {
    const decoded = decodeAudioFrame(bytes);
    if (!decoded.ok) return;
    const { frame } = decoded;
    this.update(frame.turnId, (t) => {
      t.mic.seqs.push(frame.seq);
      t.mic.bytes += frame.payload.length;
      t.mic.firstAt ??= at;
      t.mic.lastAt = at;
      t.mic.lastFlag ||= frame.last;
    });
    this.changed();
  }

  /** The endpointer's outcome and where its audio time 0 was, from the voice client. */
  listened(turnId: string, outcome: ListenOutcome, micStartedAt: number | null): void {
    this.update(turnId, (t) => {
      t.outcome = outcome;
      t.micStartedAt = micStartedAt;
      t.speechEndAt =
        micStartedAt !== null && outcome.type === 'utterance_end' ? micStartedAt + outcome.speechEndMs : null;
    });
    this.changed();
  }

  private chunk(turnId: string, seq: number): RecordedChunk | undefined {
    const turn = this.turns.get(turnId);
    if (turn === undefined) return undefined;
    let chunk = turn.chunks.find((c) => c.seq === seq);
    if (chunk === undefined) {
      chunk = { seq, text: null, durationMs: null, bytes: null, last: false, textAt: null, audioAt: null };
      turn.chunks.push(chunk);
    }
    return chunk;
  }

  private update(turnId: string, change: (turn: RecordedTurn) => void): void {
    const turn = this.turns.get(turnId);
    if (turn !== undefined) change(turn);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
