import { AudioFrameKind, encodeAudioFrame, floatToPcm16 } from '../../protocol/audio-frame.js';
import { encodeOggOpus } from './audio/ffmpeg.js';
import type { Audio, TtsEngine } from './engines/engine-types.js';
import type { TextRange } from '../../protocol/voice.js';
import { chunkWithSource, type SourcedChunk } from './speech-text/chunker.js';
import { makeSpeakableMapped } from './speech-text/speakable.js';
import type { Turn } from './turn.js';
import type { AudioClient } from './voice-peer.js';

export type SpeechSenderDeps = {
  tts: TtsEngine;
  ffmpegPath: () => Promise<string>;
  /** false: synthesize the whole message, then send it (the benchmark's baseline). */
  streaming: boolean;
};

export type SpeechOutcome = { chunks: number; error: string | null };

/**
 * Speaks one turn to the audio client: chunk by chunk, each sent the moment it is synthesized,
 * so the first audio plays while the rest is being made. Stops between chunks when the turn is
 * aborted (barge-in, mute, reply). Synthesis errors end the speech with a reason; the page then
 * shows the text, and the turn still listens.
 */
export async function speakTurn(
  deps: SpeechSenderDeps,
  turn: Turn,
  client: AudioClient,
): Promise<SpeechOutcome> {
  const spoken = makeSpeakableMapped(turn.message);
  const chunks: SourcedChunk[] = deps.streaming
    ? chunkWithSource(spoken)
    : spoken.text.trim() === ''
      ? []
      : [{ text: spoken.text, source: spoken.sourceOf(0, spoken.text.length) }];
  const announce = turn.waitedForFloor && client.handsFree ? `${turn.sessionName} says:` : null;
  client.peer.sendJson({
    type: 'speak_start',
    turnId: turn.id,
    sessionId: turn.sessionId,
    sessionName: turn.sessionName,
    text: turn.message,
    announce,
    format: client.format,
    sampleRate: deps.tts.sampleRate,
    listenAfter: turn.waiting,
  });
  const texts = announce === null ? chunks : [{ text: announce, source: null }, ...chunks];
  let sent = 0;
  let error: string | null = null;
  try {
    for (const { text, source } of texts) {
      await client.peer.caughtUp(turn.abort.signal);
      if (turn.abort.signal.aborted) break;
      const audio = await deps.tts.synthesize(text, {
        voice: turn.voice,
        speed: turn.speed,
        signal: turn.abort.signal,
      });
      if (turn.abort.signal.aborted) break;
      await sendChunk(deps, turn, client, { seq: sent, text, source }, audio, sent === texts.length - 1);
      sent++;
    }
  } catch (cause) {
    if (!turn.abort.signal.aborted) error = cause instanceof Error ? cause.message : String(cause);
  }
  client.peer.sendJson({ type: 'speak_end', turnId: turn.id, chunks: sent, error });
  return { chunks: sent, error };
}

async function sendChunk(
  deps: SpeechSenderDeps,
  turn: Turn,
  client: AudioClient,
  chunk: { seq: number; text: string; source: TextRange | null },
  audio: Audio,
  last: boolean,
): Promise<void> {
  const payload =
    client.format === 'opus'
      ? await encodeOggOpus(await deps.ffmpegPath(), audio)
      : floatToPcm16(audio.samples);
  const durationMs = (audio.samples.length / audio.sampleRate) * 1000;
  const { seq, text, source } = chunk;
  client.peer.sendJson({ type: 'speak_chunk', turnId: turn.id, seq, text, durationMs, source });
  client.peer.sendBinary(
    encodeAudioFrame({
      kind: AudioFrameKind.speech,
      last,
      seq,
      turnId: turn.id,
      sessionId: turn.sessionId,
      payload,
    }),
  );
}
