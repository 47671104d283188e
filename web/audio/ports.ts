import type { SpeechFormat } from '../../protocol/voice.js';

/**
 * The outside world of the voice client, as small interfaces: the browser implements them with
 * getUserMedia/Web Audio (mic-capture.ts, speech-player.ts), tests and the scripted browser with
 * fakes. Nothing here may name a DOM or Node type: this file typechecks under both.
 */

/** Sample rate of everything the VAD sees and the hub receives. */
export const VAD_SAMPLE_RATE = 16_000;
/** Silero's frame: 512 samples at 16 kHz = 32 ms. */
export const VAD_FRAME_SAMPLES = 512;
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES / VAD_SAMPLE_RATE) * 1000;

/** Speech probability per 32 ms frame of 16 kHz mono audio. */
export interface FrameVad {
  readonly name: string;
  /** frame: exactly VAD_FRAME_SAMPLES samples in [-1, 1]. Resolves in [0, 1]. Calls must not overlap. */
  process(frame: Float32Array): Promise<number>;
  /** Forgets the recurrent state: the next frame starts a new stream. */
  reset(): void;
}

/**
 * A microphone delivering 16 kHz mono samples in chunks of any length. `onAudio` may return a
 * promise that settles when the chunk has been handled: a file-fed test microphone waits for it
 * (back-pressure); a real one cannot and ignores it.
 */
export interface MicSource {
  start(onAudio: (samples: Float32Array) => void | Promise<void>): Promise<void>;
  /** Stops delivering and releases the device (the browser's mic indicator goes off). */
  stop(): void;
}

export type SpeechTurn = { turnId: string; format: SpeechFormat; sampleRate: number };

/** Plays one turn's speech chunks gaplessly, in seq order, whatever order they arrive in. */
export interface SpeechOutput {
  /** Starts a turn (silencing any previous one); onDone fires once, after end() and the last sound. */
  begin(turn: SpeechTurn, onDone: () => void): void;
  /** The payload of the speech audio frame with this seq. */
  push(seq: number, payload: Uint8Array): void;
  /** The hub sent `total` chunks (speak_end); there will be no more. */
  end(total: number): void;
  /** Silences at once (barge-in, the turn ended elsewhere); onDone does not fire. */
  stop(): void;
}

/** What the voice client needs of a WebSocket: the browser's and `ws`'s both fit. */
export interface VoiceSocket {
  binaryType?: string;
  send(data: string | ArrayBuffer): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Optional diagnostics (the only way web/audio talks to a console). */
export type DebugHook = (message: string, detail?: unknown) => void;
