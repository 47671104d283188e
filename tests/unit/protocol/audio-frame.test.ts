import { describe, expect, it } from 'vitest';
import {
  AudioFrameKind,
  decodeAudioFrame,
  encodeAudioFrame,
  floatToPcm16,
  pcm16ToFloat,
} from '../../../protocol/audio-frame.js';

/** The PCM bytes as the wire defines them: little-endian, read one sample at a time. */
const wireSamples = (bytes: Uint8Array): number[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 2 }, (_, i) => view.getInt16(i * 2, true));
};

describe('PCM conversion', () => {
  it('writes little-endian 16-bit samples, clamped to the full range', () => {
    const bytes = floatToPcm16(new Float32Array([0, 0.5, -0.5, 1, -1, 1.7, -3, Number.NaN]));
    expect(wireSamples(bytes)).toEqual([0, 16383, -16384, 32767, -32768, 32767, -32768, 0]);
  });

  it('reads little-endian samples back to floats', () => {
    const bytes = new Uint8Array([0x00, 0x80, 0xff, 0x7f, 0x00, 0x40, 0x00, 0x00]);
    expect(Array.from(pcm16ToFloat(bytes))).toEqual([-1, 32767 / 32768, 0.5, 0]);
  });

  it('reads PCM at an odd offset inside a larger buffer and ignores a trailing odd byte', () => {
    const backing = new Uint8Array([9, 0x00, 0x40, 0x00, 0xc0, 7]);
    const floats = pcm16ToFloat(backing.subarray(1)); // 5 bytes at offset 1
    expect(Array.from(floats)).toEqual([0.5, -0.5]);
    expect(Array.from(backing)).toEqual([9, 0x00, 0x40, 0x00, 0xc0, 7]); // the input is untouched
  });

  it('round-trips within one step of 16-bit resolution', () => {
    const samples = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * 0.9);
    const back = pcm16ToFloat(floatToPcm16(samples));
    for (let i = 0; i < samples.length; i++)
      expect(Math.abs((back[i] as number) - (samples[i] as number))).toBeLessThan(1 / 16_000);
  });
});

describe('audio frames', () => {
  it('decodes what it encodes, ids included', () => {
    const payload = new Uint8Array([1, 2, 3, 4]);
    const bytes = encodeAudioFrame({
      kind: AudioFrameKind.micPcm16,
      last: true,
      seq: 70_000,
      turnId: 't-123',
      sessionId: 'session_ABC',
      payload,
    });
    const decoded = decodeAudioFrame(bytes);
    expect(decoded).toEqual({
      ok: true,
      frame: { kind: 2, last: true, seq: 70_000, turnId: 't-123', sessionId: 'session_ABC', payload },
    });
  });

  it('names what is wrong with a malformed frame', () => {
    expect(decodeAudioFrame(new Uint8Array(3))).toEqual({ ok: false, reason: 'frame too short' });
    const good = encodeAudioFrame({
      kind: 1,
      last: false,
      seq: 0,
      turnId: 'turn',
      sessionId: 'sess',
      payload: new Uint8Array(0),
    });
    expect(decodeAudioFrame(good.subarray(0, 11))).toEqual({ ok: false, reason: 'truncated turnId' });
    const badKind = good.slice();
    badKind[2] = 9;
    expect(decodeAudioFrame(badKind)).toEqual({ ok: false, reason: 'unknown frame kind 9' });
    expect(() =>
      encodeAudioFrame({ kind: 1, last: false, seq: 0, turnId: 'tü', sessionId: 's', payload: good }),
    ).toThrow(/turnId must be printable ASCII/);
  });
});
