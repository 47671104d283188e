import type { DebugHook, FrameVad, MicSource } from './ports.js';
import { VadStream } from './vad-stream.js';

/**
 * Opens and closes the microphone for the voice client; its audio goes through the VAD, frame by
 * frame, to onFrame. Opening is asynchronous (a permission prompt, a device): a stop() that comes
 * first wins, and audio from an earlier opening never reaches onFrame.
 */
export class MicRunner {
  private on = false;
  private generation = 0;
  private readonly stream: VadStream;

  constructor(
    private readonly mic: MicSource,
    vad: FrameVad,
    onFrame: (frame: Float32Array, probability: number) => void,
    private readonly onError: (error: unknown) => void,
    debug?: DebugHook,
  ) {
    this.stream = new VadStream(vad, onFrame, debug);
  }

  get running(): boolean {
    return this.on;
  }

  start(): void {
    if (this.on) return;
    this.on = true;
    const generation = ++this.generation;
    const live = () => generation === this.generation;
    this.stream.reset();
    this.mic
      .start((samples) => (live() ? this.stream.write(samples) : undefined))
      .then(
        () => {
          if (!live()) this.mic.stop(); // stopped while the device was opening
        },
        (error: unknown) => {
          if (!live()) return;
          this.on = false;
          this.onError(error);
        },
      );
  }

  stop(): void {
    if (!this.on) return;
    this.on = false;
    this.generation++;
    this.mic.stop();
    this.stream.reset();
  }
}
