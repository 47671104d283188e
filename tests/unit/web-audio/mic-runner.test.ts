import { describe, expect, it } from 'vitest';
import { MicRunner } from '../../../web/audio/mic-runner.js';
import type { MicSource } from '../../../web/audio/ports.js';
import { LevelVad } from './fakes.js';

/** A microphone whose opening the test completes (or fails) by hand, like a permission prompt. */
class SlowMic implements MicSource {
  opened: { resolve: () => void; reject: (e: Error) => void } | null = null;
  onAudio: ((s: Float32Array) => void | Promise<void>) | null = null;
  stops = 0;
  start(onAudio: (s: Float32Array) => void | Promise<void>): Promise<void> {
    this.onAudio = onAudio;
    return new Promise((resolve, reject) => (this.opened = { resolve, reject }));
  }
  stop(): void {
    this.stops++;
  }
}

describe('MicRunner', () => {
  it('Regression: stop() while the device is still opening releases it once it opens', async () => {
    const mic = new SlowMic();
    const heard: number[] = [];
    const runner = new MicRunner(
      mic,
      new LevelVad(),
      (_f, p) => heard.push(p),
      () => undefined,
    );
    runner.start();
    runner.stop();
    mic.opened!.resolve();
    await Promise.resolve();
    expect(mic.stops).toBe(2);
    await mic.onAudio?.(new Float32Array(512).fill(0.9));
    expect(heard).toEqual([]); // audio of a stopped opening never reaches the client
    expect(runner.running).toBe(false);
  });

  it('reports a mic that fails to open and can be started again', async () => {
    const mic = new SlowMic();
    const errors: unknown[] = [];
    const runner = new MicRunner(
      mic,
      new LevelVad(),
      () => undefined,
      (e) => errors.push(e),
    );
    runner.start();
    mic.opened!.reject(new Error('Permission denied'));
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual([new Error('Permission denied')]);
    expect(runner.running).toBe(false);
    runner.start();
    expect(runner.running).toBe(true);
  });

  it('cuts audio into 512-sample frames for the VAD, keeping the remainder for the next chunk', async () => {
    const mic = new SlowMic();
    const frames: number[] = [];
    const runner = new MicRunner(
      mic,
      new LevelVad(),
      (f, p) => frames.push(f.length, p),
      () => undefined,
    );
    runner.start();
    mic.opened!.resolve();
    await mic.onAudio?.(new Float32Array(300).fill(0.5));
    expect(frames).toEqual([]);
    await mic.onAudio?.(new Float32Array(800).fill(0.5));
    expect(frames).toEqual([512, 0.5, 512, 0.5]);
  });
});
