import { FrameSlicer } from './frame-slicer.js';
import { VAD_FRAME_SAMPLES, type DebugHook, type FrameVad } from './ports.js';

/**
 * Microphone chunks -> 32 ms frames -> speech probability, one frame at a time and in order
 * (the VAD is recurrent). reset() starts a new stream: work queued for the old one is dropped.
 */
export class VadStream {
  private readonly slicer = new FrameSlicer(VAD_FRAME_SAMPLES);
  private queue: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(
    private readonly vad: FrameVad,
    private readonly onFrame: (frame: Float32Array, probability: number) => void,
    private readonly debug?: DebugHook,
  ) {}

  /** Settles once every frame this chunk completed has been through the VAD and onFrame. */
  write(samples: Float32Array): Promise<void> {
    const generation = this.generation;
    for (const frame of this.slicer.push(samples)) {
      this.queue = this.queue.then(async () => {
        if (generation !== this.generation) return;
        let probability: number;
        try {
          probability = await this.vad.process(frame);
        } catch (error) {
          // One bad frame must not stop listening: treat it as silence and say why.
          this.debug?.(`${this.vad.name} VAD failed on a frame`, error);
          probability = 0;
        }
        if (generation === this.generation) this.onFrame(frame, probability);
      });
    }
    return this.queue;
  }

  reset(): void {
    this.generation++;
    this.slicer.reset();
    this.vad.reset();
  }
}
