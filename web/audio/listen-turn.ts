import { AudioFrameKind, encodeAudioFrame, floatToPcm16 } from '../../protocol/audio-frame.js';
import type { PageToHub } from '../../protocol/voice.js';
import { Endpointer, type EndpointerOptions, type EndpointEvent } from './endpointer.js';
import { VAD_FRAME_MS } from './ports.js';

/** How a listen ended: the endpointer's verdict, plus how many microphone frames went out. */
export type ListenOutcome =
  | (Extract<EndpointEvent, { type: 'utterance_end' }> & { framesSent: number })
  | { type: 'no_speech'; atMs: number };

export type ListenSink = {
  json(message: PageToHub): void;
  binary(bytes: ArrayBuffer): void;
};

/**
 * VAD frames per microphone message (4 x 32 ms). The hub uses the audio only once the utterance
 * has ended, and the rest is always sent with the end, so batching costs no latency; it spares
 * the hub (and a phone's radio) three messages in four.
 */
export const MIC_FRAMES_PER_MESSAGE = 4;

/**
 * One listen_start on the wire: frames with their speech probability go in; micPcm16 messages of
 * up to MIC_FRAMES_PER_MESSAGE frames (seq from 0, `last` on the final one) and then
 * utterance_end or no_speech come out.
 */
export class ListenTurn {
  private readonly endpointer: Endpointer<Float32Array>;
  private elapsedMs = 0;
  private seq = 0;
  private outcome: ListenOutcome | null = null;
  /** Frames to send, held until a message is full or the listen ends (always at least one then). */
  private pending: Float32Array[] = [];
  private framesSent = 0;

  constructor(
    readonly turnId: string,
    readonly sessionId: string,
    options: EndpointerOptions,
    private readonly sink: ListenSink,
    private readonly onSpeechStart: (atMs: number) => void = () => undefined,
  ) {
    this.endpointer = new Endpointer(options);
  }

  get done(): ListenOutcome | null {
    return this.outcome;
  }

  /** Returns the outcome on the frame that ends the listen, null before. */
  push(frame: Float32Array, probability: number): ListenOutcome | null {
    if (this.outcome !== null) return this.outcome;
    const step = this.endpointer.push(frame, probability, this.elapsedMs);
    this.elapsedMs += VAD_FRAME_MS;
    const end = step.events.find((e) => e.type !== 'speech_start');
    for (const frame of step.send) {
      // A full message goes once the next frame exists: the last frame always ends the listen.
      if (this.pending.length === MIC_FRAMES_PER_MESSAGE) this.flush(false);
      this.pending.push(frame);
    }
    if (end !== undefined && this.pending.length > 0) this.flush(true);
    for (const event of step.events) this.handle(event);
    return this.outcome;
  }

  private handle(event: EndpointEvent): void {
    switch (event.type) {
      case 'speech_start':
        return this.onSpeechStart(event.atMs);
      case 'utterance_end':
        this.outcome = { ...event, framesSent: this.framesSent };
        return this.sink.json({ type: 'utterance_end', turnId: this.turnId });
      case 'no_speech':
        this.outcome = { type: 'no_speech', atMs: event.atMs };
        return this.sink.json({ type: 'no_speech', turnId: this.turnId });
    }
  }

  private flush(last: boolean): void {
    const frames = this.pending;
    this.pending = [];
    this.framesSent += frames.length;
    const samples = new Float32Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const frame of frames) {
      samples.set(frame, at);
      at += frame.length;
    }
    const bytes = encodeAudioFrame({
      kind: AudioFrameKind.micPcm16,
      last,
      seq: this.seq++,
      turnId: this.turnId,
      sessionId: this.sessionId,
      payload: floatToPcm16(samples),
    });
    this.sink.binary(bytes.buffer as ArrayBuffer);
  }
}
