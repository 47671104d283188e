import type { SpeechFormat, TextRange } from '../../protocol/voice.js';
import type { BargeInOptions } from './barge-in.js';
import type { EndpointerOptions } from './endpointer.js';
import type { HubVoiceMessage } from './hub-messages.js';
import type { ListenOutcome } from './listen-turn.js';
import type { DebugHook, FrameVad, MicSource, SpeechOutput, VoiceSocket } from './ports.js';

/** What the page gives the voice client, and what the client tells the page (see VoiceClient.on). */

export type VoiceClientOptions = {
  socket: VoiceSocket;
  player: SpeechOutput;
  mic: MicSource;
  vad: FrameVad;
  /** Speech formats this page can play, preferred first. */
  formats?: SpeechFormat[];
  handsFree?: boolean;
  /** Keep the mic open while speaking and barge in when the person talks over it. */
  bargeInByVoice?: boolean;
  bargeIn?: BargeInOptions;
  /** Pre-roll and thresholds; silence, minimum and maximum come from each listen_start. */
  endpointer?: Pick<EndpointerOptions, 'preRollMs' | 'startThreshold' | 'continueThreshold'>;
  /** Answer the hub's `hello` with voice_hello (default true). */
  autoHello?: boolean;
  /**
   * Push-to-talk (hands-free off): answer a question as soon as it has been spoken, as a person
   * who taps at once would (default false: the microphone waits for answer()). For test pages.
   */
  answerAtOnce?: boolean;
  debug?: DebugHook;
};

export type VoiceClientState = 'idle' | 'speaking' | 'listening';

export type IdleReason =
  'played' | 'utterance_end' | 'no_speech' | 'listen_stop' | 'turn_end' | 'barge_in' | 'error' | 'disposed';

export type VoiceClientEvents = {
  speaking: { turnId: string; sessionId: string; sessionName: string; text: string; announce: string | null };
  /** A chunk's text, as its audio arrives (for captions). */
  caption: { turnId: string; seq: number; text: string; durationMs: number; source: TextRange | null };
  listening: { turnId: string; sessionId: string };
  /** Push-to-talk: a question was spoken; the microphone opens when the person taps (answer()). */
  ready: { turnId: string; sessionId: string };
  /** The VAD heard an utterance begin (atMs: audio time since listening began). */
  speech: { turnId: string; atMs: number };
  /** This page closed a listen: what it sent and why. */
  utterance: { turnId: string; outcome: ListenOutcome };
  barge_in: { turnId: string; by: 'voice' | 'tap' };
  idle: { turnId: string | null; reason: IdleReason };
  transcript: { turnId: string; sessionId: string; role: 'assistant' | 'user'; text: string };
  error: { turnId: string | null; message: string };
  /** Every valid voice message from the hub (floor_queue, model_status... for the page). */
  message: HubVoiceMessage;
};
