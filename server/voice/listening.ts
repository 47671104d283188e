import { AudioFrameKind, pcm16ToFloat, type AudioFrame } from '../../protocol/audio-frame.js';
import { decodeTo16kMono } from './audio/ffmpeg.js';
import type { SttEngine } from './engines/engine-types.js';
import { cleanTranscript } from './speech-text/transcript-filter.js';
import type { Turn } from './turn.js';
import { MAX_MIC_BYTES } from './voice-settings.js';

/**
 * Keeps a page's microphone frame for the listening turn: PCM, or a chunk of an uploaded
 * recording. Speech frames and audio past MAX_MIC_BYTES are dropped. Copied: ws may hand over a
 * view into a larger buffer, which the turn would otherwise keep alive.
 */
export function keepMicAudio(turn: Turn, frame: AudioFrame): void {
  if (frame.kind === AudioFrameKind.speech) return;
  if (turn.micBytes + frame.payload.length > MAX_MIC_BYTES) return;
  const copy = new Uint8Array(frame.payload);
  (frame.kind === AudioFrameKind.micPcm16 ? turn.micPcm : turn.micEncoded).push(copy);
  turn.micBytes += copy.length;
}

/**
 * What the person said in this turn: their microphone audio (or uploaded recording) through
 * speech recognition, with Whisper's inventions on silence dropped. null: nothing was said.
 */
export async function transcribeTurn(
  deps: { stt: SttEngine; ffmpegPath: () => Promise<string> },
  turn: Turn,
): Promise<string | null> {
  const audio =
    turn.micEncoded.length > 0
      ? await decodeTo16kMono(await deps.ffmpegPath(), concat(turn.micEncoded))
      : pcm16ToFloat(concat(turn.micPcm));
  // Under a tenth of a second is a click, not speech; Whisper would invent words for it.
  if (audio.length < 1_600) return null;
  return cleanTranscript(await deps.stt.transcribe(audio));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
