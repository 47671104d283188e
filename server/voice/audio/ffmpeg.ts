import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffmpeg from 'fluent-ffmpeg';
import { PassThrough, Readable } from 'node:stream';
import { floatToPcm16 } from '../../../protocol/audio-frame.js';
import { findExecutable } from '../../sessions/executable.js';
import type { Audio } from '../engines/engine-types.js';

/** A system ffmpeg (kept up to date by the OS) first; the static build shipped in npm otherwise. */
export async function resolveFfmpegPath(pathVar: string | undefined): Promise<string> {
  return (await findExecutable('ffmpeg', pathVar)) ?? ffmpegInstaller.path;
}

/** Audio the hub cannot read: a 4xx for the sender, never a crash. */
export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
}

/** Encodes synthesized speech as one self-contained Ogg/Opus file (the page decodes each chunk alone). */
export function encodeOggOpus(ffmpegPath: string, audio: Audio, bitrateKbps = 32): Promise<Uint8Array> {
  const input = Readable.from([Buffer.from(floatToPcm16(audio.samples))]);
  return run(
    ffmpeg(input)
      .setFfmpegPath(ffmpegPath)
      .inputFormat('s16le')
      .inputOptions(['-ar', String(audio.sampleRate), '-ac', '1'])
      .audioCodec('libopus')
      .audioBitrate(bitrateKbps)
      .outputOptions(['-application', 'voip', '-frame_duration', '20'])
      .format('ogg'),
  );
}

/** Decodes any audio file ffmpeg reads (webm/opus, ogg, wav, m4a…) to 16 kHz mono float samples. */
export async function decodeTo16kMono(ffmpegPath: string, bytes: Uint8Array): Promise<Float32Array> {
  let raw: Uint8Array;
  try {
    raw = await run(
      ffmpeg(Readable.from([Buffer.from(bytes)]))
        .setFfmpegPath(ffmpegPath)
        .audioChannels(1)
        .audioFrequency(16_000)
        .format('f32le'),
    );
  } catch (error) {
    throw new AudioDecodeError(`The recording could not be decoded: ${firstLine(error)}`, { cause: error });
  }
  const copy = new Uint8Array(raw); // aligned for Float32Array
  return new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
}

function run(command: ffmpeg.FfmpegCommand): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    command
      .on('error', (error: Error) => reject(error))
      .on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
      .pipe(output, { end: true });
  });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
