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
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** Float samples in [-1, 1] to 16-bit little-endian PCM bytes. */
export function floatToPcm16(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return out;
}

/** 16-bit little-endian PCM bytes to float samples in [-1, 1]. */
export function pcm16ToFloat(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(Math.floor(bytes.byteLength / 2));
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 0x8000;
  return out;
}
