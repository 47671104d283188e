import type {
  Audio,
  ModelState,
  SttEngine,
  TtsEngine,
  VoiceInfo,
} from '../../server/voice/engines/engine-types.js';

/**
 * Speech engines with a fixed, known cost, implementing the real interfaces: the hub cannot tell
 * them from Kokoro and Whisper. Tests and the benchmark use them so that what is measured or
 * asserted is the hub's own behaviour.
 */
/** One period of a 240 Hz tone at 24 kHz (100 samples). */
const TONE_PERIOD = Float32Array.from({ length: 100 }, (_, i) => 0.2 * Math.sin((2 * Math.PI * i) / 100));

export class FixedCostTts implements TtsEngine {
  readonly kind = 'tts';
  readonly sampleRate = 24_000;
  readonly calls: string[] = [];
  /** How long each call really took (a timer fires a little late): the benchmark's engine time. */
  readonly spentMs: number[] = [];

  constructor(
    /** Cost of one sentence; a text of several sentences (unstreamed speech) costs that many. */
    private readonly costMs = 0,
    /** Audio length per character of text, like a real voice (~15 characters a second). */
    private readonly msPerChar = 60,
  ) {}

  /** What synthesize(text) sleeps: costMs per sentence. */
  costOf(text: string): number {
    return this.costMs * Math.max(1, text.match(/[.!?]+(?=\s|$)/g)?.length ?? 0);
  }

  async voices(): Promise<VoiceInfo[]> {
    return [
      { id: 'af_heart', name: 'Heart', language: 'en-us', gender: 'female' },
      { id: 'bm_george', name: 'George', language: 'en-gb', gender: 'male' },
    ];
  }

  async synthesize(
    text: string,
    options: { voice: string; speed: number; signal?: AbortSignal },
  ): Promise<Audio> {
    const started = performance.now();
    this.calls.push(text);
    const samples = new Float32Array(
      Math.round((text.length * this.msPerChar * this.sampleRate) / 1000 / options.speed),
    );
    // A 240 Hz tone, one precomputed period repeated: the engine's own garbage stays small.
    for (let at = 0; at < samples.length; at += TONE_PERIOD.length) {
      samples.set(TONE_PERIOD.subarray(0, samples.length - at), at);
    }
    // Making the audio is part of the engine's cost: the call takes costOf(text) in all.
    await sleep(this.costOf(text) - (performance.now() - started), options.signal);
    this.spentMs.push(performance.now() - started);
    return { samples, sampleRate: this.sampleRate };
  }

  status(): ModelState {
    return { kind: 'tts', model: 'fixed-cost', state: 'ready', progress: null, message: null };
  }

  onStatus(): () => void {
    return () => undefined;
  }
}

export class FixedCostStt implements SttEngine {
  readonly kind = 'stt';
  readonly heard: Float32Array[] = [];
  readonly spentMs: number[] = [];

  constructor(
    /** What the person "said": one text for every call, or one per call in order (the last repeats). */
    private readonly text: string | readonly string[] = 'this is what I said',
    readonly costMs = 0,
    private readonly state: ModelState['state'] = 'ready',
  ) {}

  async transcribe(audio: Float32Array, options?: { signal?: AbortSignal }): Promise<string> {
    const started = performance.now();
    this.heard.push(audio);
    await sleep(this.costMs, options?.signal);
    this.spentMs.push(performance.now() - started);
    if (typeof this.text === 'string') return this.text;
    return this.text[Math.min(this.heard.length, this.text.length) - 1] ?? '';
  }

  status(): ModelState {
    const message = this.state === 'ready' ? null : 'the model is missing (test)';
    return { kind: 'stt', model: 'fixed-cost', state: this.state, progress: null, message };
  }

  onStatus(): () => void {
    return () => undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
