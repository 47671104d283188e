import { z } from 'zod';

/**
 * The voice conversation over the page's `/ws` socket (JSON text frames; audio travels in the
 * binary frames of audio-frame.ts). One turn = one `converse` call: the hub speaks the message
 * (speak_start, audio frames, speak_end), the page plays it and says playback_done, the hub asks
 * it to listen (listen_start), the page streams the microphone while its VAD hears speech and
 * closes with utterance_end; the hub transcribes and ends the turn (turn_end).
 */

export const speechFormatSchema = z.enum(['pcm16', 'opus']);
export type SpeechFormat = z.infer<typeof speechFormatSchema>;

const turnId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const sessionId = z.string().min(1).max(64);

// hub -> page

export const speakStartSchema = z.object({
  type: z.literal('speak_start'),
  turnId,
  sessionId,
  sessionName: z.string(),
  /** The whole message as written, for the transcript. */
  text: z.string(),
  /** Said first when hands-free plays a queued session ("api-service says"). */
  announce: z.string().nullable(),
  /** pcm16: 16-bit little-endian mono at sampleRate. opus: Ogg/Opus pages. */
  format: speechFormatSchema,
  sampleRate: z.number().int().positive(),
  /** Will the hub listen after playback (converse wait_for_response)? */
  listenAfter: z.boolean(),
});

/** A span of a string in UTF-16 code units, end exclusive. */
export const textRangeSchema = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(0) })
  .refine((r) => r.end >= r.start, 'end must not be before start');
export type TextRange = z.infer<typeof textRangeSchema>;

/** Describes the audio frame with the same seq: what is being said, for captions and highlighting. */
export const speakChunkSchema = z.object({
  type: z.literal('speak_chunk'),
  turnId,
  seq: z.number().int().min(0),
  /** What is spoken: the speakable form ("a link to github.com"), for the caption line. */
  text: z.string(),
  durationMs: z.number().min(0),
  /**
   * Where the chunk sits in speak_start's `text` (the message as written), for the highlight;
   * null for words that are not in it (the hand-over announcement).
   */
  source: textRangeSchema.nullable(),
});

export const speakEndSchema = z.object({
  type: z.literal('speak_end'),
  turnId,
  chunks: z.number().int().min(0),
  /** Set when the speech could not be synthesized: the page shows the text instead. */
  error: z.string().nullable(),
});

export const listenStartSchema = z.object({
  type: z.literal('listen_start'),
  turnId,
  sessionId,
  /** Silence that closes an utterance (reset by more speech). */
  silenceMs: z.number().int().positive(),
  /** Shorter speech is ignored as a cough or click. */
  minUtteranceMs: z.number().int().min(0),
  /** The page gives up (no_speech) if nobody speaks for this long. */
  maxListenMs: z.number().int().positive(),
});

export const listenStopSchema = z.object({
  type: z.literal('listen_stop'),
  turnId,
  reason: z.string(),
});

export const turnEndSchema = z.object({
  type: z.literal('turn_end'),
  turnId,
  sessionId,
  /** What the converse call returned to the session. */
  result: z.string(),
  /** What the person said or typed, when they did. */
  heard: z.string().nullable(),
});

/** Sessions whose converse calls wait for the floor, oldest first. */
export const floorQueueSchema = z.object({
  type: z.literal('floor_queue'),
  queued: z.array(z.object({ sessionId, turnId, waitingSince: z.string() })),
});

export const voiceErrorSchema = z.object({
  type: z.literal('voice_error'),
  turnId: turnId.optional(),
  message: z.string(),
});

export const modelStatusSchema = z.object({
  type: z.literal('model_status'),
  models: z.array(
    z.object({
      kind: z.enum(['tts', 'stt']),
      model: z.string(),
      state: z.enum(['not_loaded', 'downloading', 'loading', 'ready', 'missing', 'error']),
      /** 0..1 while downloading. */
      progress: z.number().min(0).max(1).nullable(),
      message: z.string().nullable(),
    }),
  ),
});

/**
 * What the person said to a session that was not asking anything (push-to-talk with nothing
 * waiting: `dictate`). The page shows it and sends it as a prompt unless the person cancels.
 */
export const dictationSchema = z.object({
  type: z.literal('dictation'),
  turnId,
  /** The session the person talked to (the page may address another by name: "api, …"). */
  sessionId,
  heard: z.string(),
});

export const hubVoiceMessageSchemas = [
  dictationSchema,
  speakStartSchema,
  speakChunkSchema,
  speakEndSchema,
  listenStartSchema,
  listenStopSchema,
  turnEndSchema,
  floorQueueSchema,
  voiceErrorSchema,
  modelStatusSchema,
] as const;

// page -> hub

/** The page that will play and listen. The newest page to say this holds the audio. */
export const voiceHelloSchema = z.object({
  type: z.literal('voice_hello'),
  formats: z.array(speechFormatSchema).min(1),
  /** Hands-free: queued sessions play one after another without a tap. */
  handsFree: z.boolean(),
});

export const playbackDoneSchema = z.object({ type: z.literal('playback_done'), turnId });

/** Speech or a tap during playback: stop speaking at once and listen. */
export const bargeInSchema = z.object({ type: z.literal('barge_in'), turnId });

/** The VAD closed the utterance: everything sent since listen_start is the answer. */
export const utteranceEndSchema = z.object({ type: z.literal('utterance_end'), turnId });

/** Nobody spoke before maxListenMs. */
export const noSpeechSchema = z.object({ type: z.literal('no_speech'), turnId });

/** The page could not open the microphone (permission denied, no device) for this turn. */
export const listenFailedSchema = z.object({
  type: z.literal('listen_failed'),
  turnId,
  reason: z.string().max(500),
});

export const textReplySchema = z.object({
  type: z.literal('text_reply'),
  sessionId,
  text: z.string().min(1).max(100_000),
});

export const setMutedSchema = z.object({ type: z.literal('set_muted'), sessionId, muted: z.boolean() });

/**
 * Speak first: the person pressed to talk with nothing waiting. The hub listens (listen_start
 * with a new turnId) and answers with `dictation`; nothing is sent to the session by the hub.
 */
export const dictateSchema = z.object({ type: z.literal('dictate'), sessionId });

/**
 * Push-to-talk (hands-free off): the page holds a listen closed until the person taps, then opens
 * its microphone and says so; the hub's guard against a vanished page counts from here.
 */
export const listenOpenSchema = z.object({ type: z.literal('listen_open'), turnId });
export const setHandsFreeSchema = z.object({ type: z.literal('set_hands_free'), handsFree: z.boolean() });

export const pageToHubSchema = z.discriminatedUnion('type', [
  voiceHelloSchema,
  playbackDoneSchema,
  bargeInSchema,
  utteranceEndSchema,
  noSpeechSchema,
  listenFailedSchema,
  textReplySchema,
  setMutedSchema,
  setHandsFreeSchema,
  dictateSchema,
  listenOpenSchema,
]);
export type PageToHub = z.infer<typeof pageToHubSchema>;

/** Markers converse returns instead of the person's words (DESIGN section 3). */
export const CONVERSE_MARKERS = {
  muted: '(session muted)',
  noSpeech: '(no speech detected)',
  noBrowser: '(no browser connected: message queued)',
  micUnavailablePrefix: '(microphone unavailable:',
  textReplyPrefix: '(user replied in text)',
  delivered: '(message spoken; not waiting for an answer)',
} as const;
