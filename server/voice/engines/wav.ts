import type { Audio } from './engine-types.js';

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Reads a RIFF/WAVE file (16-bit PCM or 32-bit float, any channel count; channels are averaged to
 * mono). Enough for test audio and recorded fixtures; anything else should go through ffmpeg.
 */
export function readWav(bytes: Uint8Array): Audio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE')
    throw new Error('Not a WAV file (no RIFF/WAVE header)');

  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in the first bytes of its sub-format GUID.
      if (code === FORMAT_EXTENSIBLE && size >= 26) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === null) throw new Error('WAV file has its data before its format');
      const end = Math.min(body + size, bytes.length);
      return { samples: decode(view, body, end, format), sampleRate: format.sampleRate };
    }
    // Chunks are padded to an even size.
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

function decode(
  view: DataView,
  start: number,
  end: number,
  format: { code: number; channels: number; bits: number },
): Float32Array {
  const { code, channels, bits } = format;
  const read =
    code === FORMAT_PCM && bits === 16
      ? (at: number) => view.getInt16(at, true) / 32768
      : code === FORMAT_FLOAT && bits === 32
        ? (at: number) => view.getFloat32(at, true)
        : null;
  if (read === null || channels < 1) {
    throw new Error(
      `Unsupported WAV format (code ${code}, ${bits} bits, ${channels} channels): use 16-bit PCM or 32-bit float`,
    );
  }
  const bytesPerSample = bits / 8;
  const frames = Math.floor((end - start) / (bytesPerSample * channels));
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame += 1) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel += 1) {
      sum += read(start + (frame * channels + channel) * bytesPerSample);
    }
    samples[frame] = sum / channels;
  }
  return samples;
}
