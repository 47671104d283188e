import { describe, expect, it } from 'vitest';
import type { FrameVad } from '../../../web/audio/ports.js';
import { SwitchableVad } from '../../../web/app/voice/switchable-vad.js';

class ConstantVad implements FrameVad {
  resets = 0;
  constructor(
    readonly name: string,
    private readonly p: number,
  ) {}
  async process(): Promise<number> {
    return this.p;
  }
  reset(): void {
    this.resets++;
  }
}

describe('upgrading the VAD from energy to Silero', () => {
  it('keeps the first detector for the stream under way and switches at the next reset', async () => {
    const energy = new ConstantVad('energy', 0.1);
    const silero = new ConstantVad('silero', 0.9);
    const vad = new SwitchableVad(energy);
    const frame = new Float32Array(512);
    expect(await vad.process(frame)).toBe(0.1);
    vad.upgrade(silero);
    expect(vad.name).toBe('energy');
    expect(await vad.process(frame)).toBe(0.1);
    vad.reset();
    expect(vad.name).toBe('silero');
    expect(silero.resets).toBe(1);
    expect(await vad.process(frame)).toBe(0.9);
  });

  it('tells which detector is waiting, and reports the switch once it happens', () => {
    const switched: string[] = [];
    const vad = new SwitchableVad(new ConstantVad('energy', 0.1), (name) => switched.push(name));
    expect(vad.upcoming).toBeNull();
    vad.upgrade(new ConstantVad('silero', 0.9));
    expect(vad.upcoming).toBe('silero');
    expect(switched).toEqual([]);
    vad.reset();
    vad.reset();
    expect(vad.upcoming).toBeNull();
    expect(switched).toEqual(['silero']);
  });
});
