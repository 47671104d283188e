import { encodeAudioFrame, type AudioFrame } from '../../../protocol/audio-frame.js';
import type { HubToBrowser } from '../../../protocol/browser.js';
import type { PageToHub } from '../../../protocol/voice.js';
import type { FrameVad, MicSource, SpeechOutput, SpeechTurn, VoiceSocket } from '../../../web/audio/ports.js';

/** Test doubles for the voice client's ports. */

export class FakeSocket implements VoiceSocket {
  binaryType = 'blob';
  readonly sent: (string | ArrayBuffer)[] = [];
  private readonly listeners = new Set<(event: { data: unknown }) => void>();

  send(data: string | ArrayBuffer): void {
    this.sent.push(data);
  }
  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.listeners.delete(listener);
  }

  /** A JSON message from the hub (or any raw text frame). */
  deliver(message: HubToBrowser | string): void {
    const data = typeof message === 'string' ? message : JSON.stringify(message);
    for (const listener of this.listeners) listener({ data });
  }

  deliverFrame(frame: AudioFrame): void {
    const data = encodeAudioFrame(frame).slice().buffer;
    for (const listener of this.listeners) listener({ data });
  }

  /** The JSON messages the page sent, in order. */
  json(): PageToHub[] {
    return this.sent.filter((d) => typeof d === 'string').map((d) => JSON.parse(d) as PageToHub);
  }

  types(): string[] {
    return this.sent.map((d) => (typeof d === 'string' ? (JSON.parse(d) as PageToHub).type : 'binary'));
  }

  binary(): ArrayBuffer[] {
    return this.sent.filter((d) => typeof d !== 'string');
  }
}

export class FakePlayer implements SpeechOutput {
  readonly calls: string[] = [];
  turn: SpeechTurn | null = null;
  private onDone: (() => void) | null = null;

  begin(turn: SpeechTurn, onDone: () => void): void {
    this.calls.push(`begin ${turn.turnId} ${turn.format}@${turn.sampleRate}`);
    this.turn = turn;
    this.onDone = onDone;
  }
  push(seq: number, payload: Uint8Array): void {
    this.calls.push(`push ${seq} (${payload.length} bytes)`);
  }
  end(total: number): void {
    this.calls.push(`end ${total}`);
  }
  stop(): void {
    this.calls.push('stop');
    this.onDone = null;
  }
  /** The audio has played out. */
  finish(): void {
    const done = this.onDone;
    this.onDone = null;
    done?.();
  }
}

/** A mic the test speaks into: each chunk is one 32 ms frame whose samples all equal `level`. */
export class FakeMic implements MicSource {
  running = false;
  starts = 0;
  stops = 0;
  private onAudio: ((samples: Float32Array) => void | Promise<void>) | null = null;

  start(onAudio: (samples: Float32Array) => void | Promise<void>): Promise<void> {
    this.running = true;
    this.starts++;
    this.onAudio = onAudio;
    return Promise.resolve();
  }
  stop(): void {
    this.running = false;
    this.stops++;
    this.onAudio = null;
  }

  /** `count` frames at this level, waiting until the client has processed each. */
  async say(level: number, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.onAudio?.(new Float32Array(512).fill(level));
  }
}

/** A VAD whose "probability" is the frame's first sample: tests script speech by loudness. */
export class LevelVad implements FrameVad {
  readonly name = 'level';
  resets = 0;
  process(frame: Float32Array): Promise<number> {
    return Promise.resolve(frame[0] ?? 0);
  }
  reset(): void {
    this.resets++;
  }
}
