import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWav } from '../../../server/voice/engines/wav.js';

const JFK = new URL('../../../../shared/audio/jfk.wav', import.meta.url);

function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  out.set(new TextEncoder().encode(id), 0);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

function wav(
  code: number,
  channels: number,
  sampleRate: number,
  bits: number,
  data: Uint8Array,
  extra: Uint8Array[] = [],
): Uint8Array {
  const fmt = new Uint8Array(16);
  const view = new DataView(fmt.buffer);
  view.setUint16(0, code, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, sampleRate, true);
  view.setUint32(8, (sampleRate * channels * bits) / 8, true);
  view.setUint16(12, (channels * bits) / 8, true);
  view.setUint16(14, bits, true);
  const parts = [new TextEncoder().encode('WAVE'), chunk('fmt ', fmt), ...extra, chunk('data', data)];
  const body = Buffer.concat(parts);
  return Buffer.concat([chunk('RIFF', body)]);
}

describe('readWav', () => {
  it('reads jfk.wav as 11 s of 16 kHz mono speech', () => {
    const audio = readWav(readFileSync(JFK));
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.samples.length / 16_000).toBeCloseTo(11, 0);
    expect(Math.max(...audio.samples.subarray(16_000, 48_000).map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('averages stereo 16-bit PCM to mono and skips chunks it does not know (odd-sized too)', () => {
    const data = new Uint8Array(8);
    const view = new DataView(data.buffer);
    view.setInt16(0, 16384, true);
    view.setInt16(2, 0, true);
    view.setInt16(4, -32768, true);
    view.setInt16(6, -32768, true);
    const audio = readWav(wav(1, 2, 24_000, 16, data, [chunk('LIST', new Uint8Array(3))]));
    expect(audio.sampleRate).toBe(24_000);
    expect(Array.from(audio.samples)).toEqual([0.25, -1]);
  });

  it('reads 32-bit float samples', () => {
    const data = new Uint8Array(Float32Array.of(0.5, -0.25).buffer);
    expect(Array.from(readWav(wav(3, 1, 16_000, 32, data)).samples)).toEqual([0.5, -0.25]);
  });

  it('refuses what it cannot read with a reason', () => {
    expect(() => readWav(new TextEncoder().encode('ID3 not a wav file'))).toThrow(/RIFF/);
    expect(() => readWav(wav(1, 1, 16_000, 24, new Uint8Array(6)))).toThrow(/24 bits/);
  });
});
