/** Listening and waiting rules, from the hub config (server/config.ts). */
export type VoiceSettings = {
  /** Silence that ends an utterance (the page's VAD), reset by more speech. */
  silenceMs: number;
  minUtteranceMs: number;
  /** Nobody spoke for this long: "(no speech detected)". */
  maxListenMs: number;
  /** How long a converse waits for a page to connect before answering that none is. */
  noBrowserWaitMs: number;
  /** Synthesize and send sentence by sentence (true) or the whole message at once. */
  streaming: boolean;
};

export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  silenceMs: 800,
  minUtteranceMs: 250,
  maxListenMs: 30_000,
  noBrowserWaitMs: 120_000,
  streaming: true,
};

/** Largest microphone recording kept for one turn: 2 minutes of 16 kHz 16-bit mono. */
export const MAX_MIC_BYTES = 2 * 60 * 16_000 * 2;
