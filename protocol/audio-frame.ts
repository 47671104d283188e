/**
 * Binary WebSocket frames that carry audio between the hub and the page (never base64 in JSON).
 * Layout, big-endian:
 *   u8  magic 0x53 ('S')   u8 version (1)   u8 kind   u8 flags (bit 0: last chunk of the turn)
 *   u32 seq                 (0-based, per turn and direction)
 *   u8  turnId length,    turnId bytes (ASCII)
 *   u8  sessionId length, sessionId bytes (ASCII)
 *   payload: the audio bytes (see AudioFrameKind)
 * No Node APIs here: the page and the hub share this file.
 */
export const AUDIO_FRAME_MAGIC = 0x53;
export const AUDIO_FRAME_VERSION = 1;

export const AudioFrameKind = {
  /** Hub -> page: synthesized speech, in the format named by `speak_start`. */
  speech: 1,
  /** Page -> hub: microphone audio, 16 kHz mono signed 16-bit little-endian PCM. */
  micPcm16: 2,
  /** Page -> hub: a chunk of a recorded file (webm/ogg/wav...), decoded by the hub with ffmpeg. */
  micEncoded: 3,
} as const;
export type AudioFrameKind = (typeof AudioFrameKind)[keyof typeof AudioFrameKind];

export type AudioFrame = {
  kind: AudioFrameKind;
  last: boolean;
  seq: number;
  turnId: string;
  sessionId: string;
  payload: Uint8Array;
};

const HEADER_FIXED = 8;

export function encodeAudioFrame(frame: AudioFrame): Uint8Array {
  const turn = ascii(frame.turnId, 'turnId');
  const session = ascii(frame.sessionId, 'sessionId');
  const out = new Uint8Array(HEADER_FIXED + 1 + turn.length + 1 + session.length + frame.payload.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, AUDIO_FRAME_MAGIC);
  view.setUint8(1, AUDIO_FRAME_VERSION);
  view.setUint8(2, frame.kind);
  view.setUint8(3, frame.last ? 1 : 0);
  view.setUint32(4, frame.seq);
  let at = HEADER_FIXED;
  out[at++] = turn.length;
  out.set(turn, at);
  at += turn.length;
  out[at++] = session.length;
  out.set(session, at);
  at += session.length;
  out.set(frame.payload, at);
  return out;
}

/** Parses a binary frame; a malformed one yields a reason instead of throwing. */
export function decodeAudioFrame(
  bytes: Uint8Array,
): { ok: true; frame: AudioFrame } | { ok: false; reason: string } {
  if (bytes.length < HEADER_FIXED + 2) return { ok: false, reason: 'frame too short' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== AUDIO_FRAME_MAGIC)
    return { ok: false, reason: 'not an audio frame (bad magic byte)' };
  if (view.getUint8(1) !== AUDIO_FRAME_VERSION)
    return { ok: false, reason: `unsupported frame version ${view.getUint8(1)}` };
  const kind = view.getUint8(2);
  if (kind !== 1 && kind !== 2 && kind !== 3) return { ok: false, reason: `unknown frame kind ${kind}` };
  let at = HEADER_FIXED;
  const turnLength = bytes[at++] ?? 0;
  if (at + turnLength + 1 > bytes.length) return { ok: false, reason: 'truncated turnId' };
  const turnId = fromAscii(bytes.subarray(at, at + turnLength));
  at += turnLength;
  const sessionLength = bytes[at++] ?? 0;
  if (at + sessionLength > bytes.length) return { ok: false, reason: 'truncated sessionId' };
  const sessionId = fromAscii(bytes.subarray(at, at + sessionLength));
  at += sessionLength;
  return {
    ok: true,
    frame: {
      kind: kind as AudioFrameKind,
      last: (view.getUint8(3) & 1) === 1,
      seq: view.getUint32(4),
      turnId,
      sessionId,
      payload: bytes.subarray(at),
    },
  };
}

function ascii(text: string, what: string): Uint8Array {
  if (text.length > 255 || !/^[\x20-\x7e]*$/.test(text))
    throw new Error(`${what} must be printable ASCII, at most 255 characters`);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function fromAscii(bytes: Uint8Array): string {
  // One string at once, without iterating (at most 255 bytes: the length is one byte).
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** Typed arrays use the platform's byte order; PCM on the wire is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Float samples in [-1, 1] to 16-bit little-endian PCM bytes. Written for the hot path: a typed
 * array store per sample, no per-sample objects (a second of speech is 24,000 samples, and the
 * hub's garbage collector pauses are part of every voice round trip).
 */
export function floatToPcm16(samples: Float32Array): Uint8Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as number;
    // NaN fails both tests and stores as 0.
    pcm[i] = s < 0 ? (s <= -1 ? -0x8000 : s * 0x8000) : s >= 1 ? 0x7fff : s * 0x7fff;
  }
  const bytes = new Uint8Array(pcm.buffer);
  if (!LITTLE_ENDIAN) swapBytePairs(bytes);
  return bytes;
}

/** 16-bit little-endian PCM bytes to float samples in [-1, 1]. */
export function pcm16ToFloat(bytes: Uint8Array): Float32Array {
  const count = Math.floor(bytes.byteLength / 2);
  const out = new Float32Array(count);
  // An Int16Array view needs an even byte offset and the platform's byte order; copy otherwise.
  const aligned = bytes.byteOffset % 2 === 0 && LITTLE_ENDIAN;
  const source = aligned ? bytes : bytes.slice(0, count * 2);
  if (!LITTLE_ENDIAN) swapBytePairs(source);
  const pcm = new Int16Array(source.buffer, source.byteOffset, count);
  for (let i = 0; i < count; i++) out[i] = (pcm[i] as number) / 0x8000;
  return out;
}

function swapBytePairs(bytes: Uint8Array): void {
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const first = bytes[i] as number;
    bytes[i] = bytes[i + 1] as number;
    bytes[i + 1] = first;
  }
}
