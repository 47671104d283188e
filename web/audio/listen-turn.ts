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
 * One listen_start on the wire: frames with their speech probability go in; micPcm16 frames
 * (seq from 0, `last` on the final one) and then utterance_end or no_speech come out.
 */
export class ListenTurn {
  private readonly endpointer: Endpointer<Float32Array>;
  private elapsedMs = 0;
  private seq = 0;
  private outcome: ListenOutcome | null = null;

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
    step.send.forEach((f, i) => this.sendFrame(f, end !== undefined && i === step.send.length - 1));
    for (const event of step.events) this.handle(event);
    return this.outcome;
  }

  private handle(event: EndpointEvent): void {
    switch (event.type) {
      case 'speech_start':
        return this.onSpeechStart(event.atMs);
      case 'utterance_end':
        this.outcome = { ...event, framesSent: this.seq };
        return this.sink.json({ type: 'utterance_end', turnId: this.turnId });
      case 'no_speech':
        this.outcome = { type: 'no_speech', atMs: event.atMs };
        return this.sink.json({ type: 'no_speech', turnId: this.turnId });
    }
  }

  private sendFrame(frame: Float32Array, last: boolean): void {
    const bytes = encodeAudioFrame({
      kind: AudioFrameKind.micPcm16,
      last,
      seq: this.seq++,
      turnId: this.turnId,
      sessionId: this.sessionId,
      payload: floatToPcm16(frame),
    });
    this.sink.binary(bytes.slice().buffer);
  }
}
