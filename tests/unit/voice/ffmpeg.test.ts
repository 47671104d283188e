import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AudioDecodeError,
  decodeTo16kMono,
  encodeOggOpus,
  resolveFfmpegPath,
} from '../../../server/voice/audio/ffmpeg.js';

const JFK = new URL('../../../../shared/audio/jfk.wav', import.meta.url);

function tone(seconds: number, sampleRate: number): Float32Array {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / sampleRate);
  return samples;
}

describe('ffmpeg audio', () => {
  it('encodes speech as a standalone Ogg/Opus file that decodes back to the same length', async () => {
    const path = await resolveFfmpegPath(process.env.PATH);
    const ogg = await encodeOggOpus(path, { samples: tone(1.5, 24_000), sampleRate: 24_000 });
    expect(Buffer.from(ogg.subarray(0, 4)).toString('latin1')).toBe('OggS');
    expect(ogg.length).toBeLessThan(1.5 * 24_000 * 2); // smaller than the PCM
    const decoded = await decodeTo16kMono(path, ogg);
    expect(Math.abs(decoded.length - 1.5 * 16_000)).toBeLessThan(1_600);
  });

  it('decodes an uploaded webm/opus recording to 16 kHz mono', async () => {
    const path = await resolveFfmpegPath(process.env.PATH);
    const webm = execFileSync(
      path,
      ['-hide_banner', '-loglevel', 'error', '-i', JFK.pathname, '-c:a', 'libopus', '-f', 'webm', 'pipe:1'],
      {
        maxBuffer: 8 * 1024 * 1024,
      },
    );
    const decoded = await decodeTo16kMono(path, webm);
    const original = readFileSync(JFK).length - 44;
    expect(Math.abs(decoded.length - original / 2)).toBeLessThan(16_000 * 0.1);
    expect(Math.max(...decoded.subarray(16_000, 32_000).map(Math.abs))).toBeGreaterThan(0.05);
  });

  it('refuses bytes that are not audio with a clear error', async () => {
    const path = await resolveFfmpegPath(process.env.PATH);
    await expect(decodeTo16kMono(path, new TextEncoder().encode('not audio at all'))).rejects.toThrow(
      AudioDecodeError,
    );
  });
});
