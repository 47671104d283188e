import { VAD_FRAME_MS } from './ports.js';

/**
 * Decides, from one speech probability per frame, when the person starts and stops talking and
 * which frames go to the hub. Pure: no clock, no audio APIs; time is whatever the caller says.
 */

export type EndpointerOptions = {
  /** Non-speech that closes an utterance; more speech resets it. */
  silenceMs: number;
  /** Less voiced time than this is a cough or a click: ignored, never sent, never ended. */
  minUtteranceMs: number;
  /** Nobody spoke for this long: no_speech. Also the longest one utterance may run. */
  maxListenMs: number;
  /** Audio kept from before the speech start, so the first syllable is not clipped. */
  preRollMs?: number;
  /** Speech starts (or resumes after a pause) at or above this probability... */
  startThreshold?: number;
  /** ...and, once on, continues at or above this one (hysteresis). */
  continueThreshold?: number;
  frameMs?: number;
};

export const ENDPOINTER_DEFAULTS = {
  silenceMs: 800,
  minUtteranceMs: 250,
  maxListenMs: 30_000,
  preRollMs: 250,
  startThreshold: 0.5,
  continueThreshold: 0.35,
} as const;

export type EndpointEvent =
  /** The speech is long enough to be an utterance; atMs is where its first voiced frame began. */
  | { type: 'speech_start'; atMs: number }
  | {
      type: 'utterance_end';
      /** When the decision was made (the end of the frame that decided it). */
      atMs: number;
      speechStartMs: number;
      /** The end of the last voiced frame. */
      speechEndMs: number;
      reason: 'silence' | 'max_length';
    }
  | { type: 'no_speech'; atMs: number };

/** What one frame changed: frames to send now (oldest first) and events, in order. */
export type EndpointStep<T> = { send: T[]; events: EndpointEvent[] };

export type EndpointerPhase = 'idle' | 'pending' | 'streaming' | 'done';

type Held<T> = { frame: T; atMs: number };

export class Endpointer<T> {
  private readonly silenceMs: number;
  private readonly minUtteranceMs: number;
  private readonly maxListenMs: number;
  private readonly preRollFrames: number;
  private readonly startThreshold: number;
  private readonly continueThreshold: number;
  private readonly frameMs: number;

  private phaseNow: EndpointerPhase = 'idle';
  /** Hysteresis: is the last frame voiced? */
  private on = false;
  /** Pre-roll while idle; pre-roll + the candidate while pending. Empty while streaming. */
  private held: Held<T>[] = [];
  private speechStartMs = 0;
  private voicedMs = 0;
  private lastVoicedEndMs = 0;

  constructor(options: EndpointerOptions) {
    const o = { ...ENDPOINTER_DEFAULTS, frameMs: VAD_FRAME_MS, ...options };
    if (o.continueThreshold > o.startThreshold)
      throw new RangeError('continueThreshold must not exceed startThreshold');
    this.silenceMs = o.silenceMs;
    this.minUtteranceMs = o.minUtteranceMs;
    this.maxListenMs = o.maxListenMs;
    this.frameMs = o.frameMs;
    this.preRollFrames = Math.ceil(o.preRollMs / o.frameMs);
    this.startThreshold = o.startThreshold;
    this.continueThreshold = o.continueThreshold;
  }

  get phase(): EndpointerPhase {
    return this.phaseNow;
  }

  /** One frame: its payload, its speech probability and where it begins (ms since listening began). */
  push(frame: T, probability: number, atMs: number): EndpointStep<T> {
    const step: EndpointStep<T> = { send: [], events: [] };
    if (this.phaseNow === 'done') return step;
    const endMs = atMs + this.frameMs;
    this.on = probability >= (this.on ? this.continueThreshold : this.startThreshold);
    if (this.on) this.lastVoicedEndMs = endMs;

    switch (this.phaseNow) {
      case 'idle':
        this.held.push({ frame, atMs });
        if (this.on) {
          this.phaseNow = 'pending';
          this.speechStartMs = atMs;
          this.voicedMs = 0;
          this.pending(step, endMs);
        } else {
          this.trimToPreRoll();
          this.checkNoSpeech(step, endMs);
        }
        break;
      case 'pending':
        this.held.push({ frame, atMs });
        this.pending(step, endMs);
        break;
      case 'streaming':
        step.send.push(frame);
        if (endMs - this.lastVoicedEndMs >= this.silenceMs) this.end(step, endMs, 'silence');
        else if (endMs - this.speechStartMs >= this.maxListenMs) this.end(step, endMs, 'max_length');
        break;
    }
    return step;
  }

  private pending(step: EndpointStep<T>, endMs: number): void {
    if (this.on) this.voicedMs += this.frameMs;
    if (this.voicedMs >= this.minUtteranceMs) {
      // Confirmed: everything held (pre-roll + the speech so far) goes out at once.
      this.phaseNow = 'streaming';
      step.events.push({ type: 'speech_start', atMs: this.speechStartMs });
      step.send.push(...this.held.map((h) => h.frame));
      this.held = [];
    } else if (endMs - this.lastVoicedEndMs >= this.silenceMs) {
      // A blip: forget it, but its tail still serves as pre-roll for the next start.
      this.phaseNow = 'idle';
      this.trimToPreRoll();
      this.checkNoSpeech(step, endMs);
    }
  }

  private end(step: EndpointStep<T>, endMs: number, reason: 'silence' | 'max_length'): void {
    this.phaseNow = 'done';
    step.events.push({
      type: 'utterance_end',
      atMs: endMs,
      speechStartMs: this.speechStartMs,
      speechEndMs: this.lastVoicedEndMs,
      reason,
    });
  }

  private checkNoSpeech(step: EndpointStep<T>, endMs: number): void {
    if (endMs < this.maxListenMs) return;
    this.phaseNow = 'done';
    this.held = [];
    step.events.push({ type: 'no_speech', atMs: endMs });
  }

  private trimToPreRoll(): void {
    if (this.held.length > this.preRollFrames) this.held.splice(0, this.held.length - this.preRollFrames);
  }
}
