import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Resampler, resample } from '../../../web/audio/resample.js';
import { readWav } from '../../../server/voice/engines/wav.js';
import { JFK_WAV } from '../../support/audio/file-mic.js';

const sine = (hz: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

/** Frequency from rising zero crossings, ignoring the edges. */
function frequency(x: Float32Array, rate: number): number {
  const crossings: number[] = [];
  for (let i = rate / 10; i < x.length - rate / 10; i++) {
    const a = x[i - 1] ?? 0;
    const b = x[i] ?? 0;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0] ?? 0;
  const last = crossings.at(-1) ?? 0;
  return ((crossings.length - 1) * rate) / (last - first);
}

/** Signal-to-error ratio in dB of `actual` against `expected`, skipping the edges. */
function snrDb(expected: Float32Array, actual: Float32Array, skip = 200): number {
  let signal = 0;
  let error = 0;
  for (let i = skip; i < Math.min(expected.length, actual.length) - skip; i++) {
    const e = expected[i] ?? 0;
    signal += e * e;
    error += (e - (actual[i] ?? 0)) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

describe('Resampler', () => {
  it('48 kHz -> 16 kHz keeps a 440 Hz tone at 440 Hz and at full level', () => {
    const out = resample(sine(440, 48_000, 1), 48_000, 16_000);
    expect(out.length).toBe(16_000);
    expect(frequency(out, 16_000)).toBeCloseTo(440, 0);
    expect(rms(out.subarray(1000, 15_000))).toBeCloseTo(0.5 / Math.SQRT2, 2);
    // And it is the same tone, sample for sample, as one generated at 16 kHz.
    expect(snrDb(sine(440, 16_000, 1), out)).toBeGreaterThan(50);
  });

  it('44.1 kHz -> 16 kHz (a non-integer ratio) keeps 1 kHz at 1 kHz', () => {
    const out = resample(sine(1000, 44_100, 1), 44_100, 16_000);
    expect(out.length).toBe(16_000);
    expect(frequency(out, 16_000)).toBeCloseTo(1000, 0);
    expect(snrDb(sine(1000, 16_000, 1), out)).toBeGreaterThan(50);
  });

  it('Regression: a 12 kHz tone at 48 kHz is filtered out, not folded back to 4 kHz', () => {
    // Plain decimation would turn it into a full-level 4 kHz tone the VAD hears as hiss.
    const out = resample(sine(12_000, 48_000, 1), 48_000, 16_000);
    expect(rms(out.subarray(500, 15_500))).toBeLessThan(0.001);
  });

  it('streams: chunks of any size give the same output as one call', () => {
    const input = sine(300, 48_000, 0.5);
    const whole = new Resampler(48_000, 16_000).process(input);
    const chunked = new Resampler(48_000, 16_000);
    const parts: Float32Array[] = [];
    for (let at = 0; at < input.length; at += 128) parts.push(chunked.process(input.subarray(at, at + 128)));
    const joined = Float32Array.from(parts.flatMap((p) => [...p]));
    expect(joined.length).toBe(whole.length);
    expect(snrDb(whole, joined, 0)).toBeGreaterThan(100);
  });

  it('jfk.wav survives 16 -> 48 -> 16 kHz and 16 -> 44.1 -> 16 kHz round trips', () => {
    const { samples } = readWav(readFileSync(JFK_WAV));
    const via48 = resample(resample(samples, 16_000, 48_000), 48_000, 16_000);
    const via44 = resample(resample(samples, 16_000, 44_100), 44_100, 16_000);
    expect(via48.length).toBe(samples.length);
    expect(via44.length).toBe(samples.length);
    // Measured ~67 dB: speech keeps little energy near 8 kHz, where the filters roll off.
    expect(snrDb(samples, via48)).toBeGreaterThan(50);
    expect(snrDb(samples, via44)).toBeGreaterThan(50);
  });

  it('passes 16 kHz through untouched', () => {
    const input = sine(440, 16_000, 0.1);
    expect(new Resampler(16_000, 16_000).process(input)).toEqual(input);
  });
});
