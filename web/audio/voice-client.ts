import type { PageToHub } from '../../protocol/voice.js';
import { BargeInDetector } from './barge-in.js';
import { Emitter } from './emitter.js';
import { HubLink } from './hub-link.js';
import type { HubVoiceMessage, Incoming } from './hub-messages.js';
import { ListenTurn } from './listen-turn.js';
import { MicRunner } from './mic-runner.js';
import { VAD_FRAME_MS } from './ports.js';
import type {
  IdleReason,
  VoiceClientEvents,
  VoiceClientOptions,
  VoiceClientState,
} from './voice-client-types.js';

/**
 * The page's half of the voice protocol, free of Lit and of the DOM: plays what the hub says,
 * listens when asked (mic -> VAD -> endpointer -> micPcm16 frames), barges in. Everything outside
 * (socket, speaker, microphone, VAD) is passed in, so Node tests and the scripted browser run it.
 */

export type { IdleReason, VoiceClientEvents, VoiceClientOptions, VoiceClientState };

type Heard = { frame: Float32Array; probability: number };
type Mode =
  | { kind: 'idle' }
  | {
      kind: 'speaking';
      turnId: string;
      sessionId: string;
      listenAfter: boolean;
      /** The last second of mic audio: the start of a barge-in, before the detector was sure. */
      recent: Heard[];
      detector: BargeInDetector;
    }
  /**
   * Between playback (or a barge-in) and listen_start: the mic is open, nothing is lost. Also
   * after dictate(), before the hub names the new turn (turnId null).
   */
  | { kind: 'waiting'; turnId: string | null; sessionId: string; heard: Heard[] }
  /**
   * Push-to-talk: a question was spoken and waits for the person; the mic stays closed until they
   * tap (answer). `listen` is the hub's listen_start once it came; `answering`: they tapped first.
   */
  | { kind: 'ready'; turnId: string; sessionId: string; listen: ListenStart | null; answering: boolean }
  | { kind: 'listening'; listen: ListenTurn };

type ListenStart = Extract<HubVoiceMessage, { type: 'listen_start' }>;

const RECENT_FRAMES = Math.ceil(1000 / VAD_FRAME_MS);
const MAX_WAITING_FRAMES = Math.ceil(30_000 / VAD_FRAME_MS);

export class VoiceClient {
  private readonly events: Emitter<VoiceClientEvents>;
  private readonly link: HubLink;
  private readonly mic: MicRunner;
  private mode: Mode = { kind: 'idle' };
  private handsFree: boolean;
  private announcedListen: string | null = null;

  constructor(private readonly options: VoiceClientOptions) {
    this.handsFree = options.handsFree ?? false;
    const onFrame = (frame: Float32Array, probability: number) => this.onFrame(frame, probability);
    this.mic = new MicRunner(options.mic, options.vad, onFrame, (e) => this.micFailed(e), options.debug);
    // A throwing listener (page code) must not leave the client half-way through a transition.
    this.events = new Emitter((type, error) => options.debug?.(`a "${String(type)}" listener threw`, error));
    this.link = new HubLink(options.socket, (incoming) => this.receive(incoming), options.debug);
  }

  get state(): VoiceClientState {
    const kind = this.mode.kind;
    return kind === 'waiting' ? 'listening' : kind === 'ready' ? 'idle' : kind;
  }

  /** Finer than state: `waiting` is the gap between playback (or a barge-in) and listen_start. */
  get phase(): Mode['kind'] {
    return this.mode.kind;
  }

  /** The turn being spoken or listened to, if any. */
  get turnId(): string | null {
    const mode = this.mode;
    return mode.kind === 'idle' ? null : mode.kind === 'listening' ? mode.listen.turnId : mode.turnId;
  }

  /**
   * Push-to-talk: the person tapped (or pressed Space) to answer the question that was spoken:
   * the microphone opens now. False when no question waits for an answer here.
   */
  answer(): boolean {
    const mode = this.mode;
    if (mode.kind !== 'ready') return false;
    if (mode.listen === null) {
      mode.answering = true; // listen_start is on its way
      return true;
    }
    this.send({ type: 'listen_open', turnId: mode.turnId });
    this.listenNow(mode.listen, []);
    return true;
  }

  /**
   * Speak first: talk to `sessionId` with nothing waiting. The microphone opens at once (the start
   * of what is said is kept until the hub's listen_start names the turn); what the hub hears comes
   * back as a `dictation` message. False unless idle.
   */
  dictate(sessionId: string): boolean {
    if (this.mode.kind !== 'idle') return false;
    this.send({ type: 'dictate', sessionId });
    this.mode = { kind: 'waiting', turnId: null, sessionId, heard: [] };
    this.mic.start();
    return true;
  }

  on<K extends keyof VoiceClientEvents>(
    type: K,
    listener: (payload: VoiceClientEvents[K]) => void,
  ): () => void {
    return this.events.on(type, listener);
  }

  /** Claims the audio for this page (the hub's newest voice_hello wins). */
  hello(): void {
    const formats = this.options.formats ?? ['pcm16', 'opus'];
    this.send({ type: 'voice_hello', formats, handsFree: this.handsFree });
  }

  /** A tap during playback: silence now and listen. False when nothing was playing. */
  bargeIn(): boolean {
    if (this.mode.kind !== 'speaking') return false;
    this.bargeInNow(this.mode, 'tap');
    return true;
  }

  sendText(sessionId: string, text: string): void {
    this.send({ type: 'text_reply', sessionId, text });
  }

  setMuted(sessionId: string, muted: boolean): void {
    this.send({ type: 'set_muted', sessionId, muted });
  }

  setHandsFree(handsFree: boolean): void {
    this.handsFree = handsFree;
    this.send({ type: 'set_hands_free', handsFree });
    // Hands-free means the microphone follows the conversation: a question held for a tap opens.
    if (handsFree) this.answer();
  }

  /** Detaches from the socket, silences the speaker and releases the microphone. */
  dispose(): void {
    this.link.close();
    this.options.player.stop();
    this.toIdle(this.turnId, 'disposed');
    this.events.clear();
  }

  private receive(incoming: Incoming): void {
    switch (incoming.kind) {
      case 'hello':
        if (this.options.autoHello !== false) this.hello();
        return;
      case 'speech': {
        const { frame } = incoming;
        if (this.mode.kind === 'speaking' && this.mode.turnId === frame.turnId)
          this.options.player.push(frame.seq, frame.payload);
        return;
      }
      case 'voice':
        this.emit('message', incoming.message);
        return this.handle(incoming.message);
      case 'invalid':
        return this.options.debug?.(`ignored a frame from the hub: ${incoming.reason}`);
      case 'other':
        return;
    }
  }

  private handle(message: HubVoiceMessage): void {
    const mode = this.mode;
    const current = this.turnId;
    switch (message.type) {
      case 'speak_start':
        return this.speakStart(message);
      case 'speak_chunk':
        if (current === message.turnId) this.emit('caption', message);
        return;
      case 'speak_end':
        if (mode.kind !== 'speaking' || mode.turnId !== message.turnId) return;
        if (message.error !== null)
          this.emit('error', { turnId: message.turnId, message: `Speech failed: ${message.error}` });
        return this.options.player.end(message.chunks);
      case 'listen_start':
        return this.listenStart(message);
      case 'listen_stop':
        if (current === message.turnId && (this.state === 'listening' || mode.kind === 'ready'))
          this.toIdle(current, 'listen_stop');
        return;
      case 'turn_end': {
        const { turnId, sessionId, heard } = message;
        if (heard !== null) this.emit('transcript', { turnId, sessionId, role: 'user', text: heard });
        if (current === message.turnId) this.toIdle(current, 'turn_end');
        return;
      }
      case 'voice_error':
        this.emit('error', { turnId: message.turnId ?? null, message: message.message });
        // Instead of listen_start (speech recognition is down): stop waiting with the mic open.
        if (mode.kind === 'waiting' && mode.turnId === message.turnId) this.toIdle(mode.turnId, 'error');
        return;
      case 'floor_queue':
      case 'model_status':
      case 'dictation': // for the page: it shows what was heard and sends it
        return;
    }
  }

  private speakStart(message: Extract<HubVoiceMessage, { type: 'speak_start' }>): void {
    const { turnId, sessionId } = message;
    if (this.mode.kind !== 'idle') this.toIdle(this.turnId, 'turn_end'); // the hub moved on
    this.mode = {
      kind: 'speaking',
      turnId,
      sessionId,
      listenAfter: message.listenAfter,
      recent: [],
      detector: new BargeInDetector(this.options.bargeIn),
    };
    this.options.player.begin({ turnId, format: message.format, sampleRate: message.sampleRate }, () =>
      this.played(turnId),
    );
    if (this.options.bargeInByVoice === true) this.mic.start();
    this.emit('speaking', message);
    this.emit('transcript', { turnId, sessionId, role: 'assistant', text: message.text });
  }

  private played(turnId: string): void {
    const mode = this.mode;
    if (mode.kind !== 'speaking' || mode.turnId !== turnId) return;
    this.send({ type: 'playback_done', turnId });
    if (!mode.listenAfter) return this.toIdle(turnId, 'played');
    // Push-to-talk: the microphone opens only when the person taps, never by itself.
    if (!this.handsFree && this.options.answerAtOnce !== true) {
      this.mode = { kind: 'ready', turnId, sessionId: mode.sessionId, listen: null, answering: false };
      this.emit('ready', { turnId, sessionId: mode.sessionId });
      return;
    }
    // Not `recent`: that is audio heard during playback, possibly our own echo.
    this.wait(mode, []);
  }

  private bargeInNow(mode: Extract<Mode, { kind: 'speaking' }>, by: 'voice' | 'tap'): void {
    this.options.player.stop();
    this.send({ type: 'barge_in', turnId: mode.turnId });
    this.emit('barge_in', { turnId: mode.turnId, by });
    if (!mode.listenAfter) return this.toIdle(mode.turnId, 'barge_in');
    this.wait(mode, by === 'voice' ? mode.recent : []);
  }

  private wait(mode: { turnId: string; sessionId: string }, heard: Heard[]): void {
    this.mode = { kind: 'waiting', turnId: mode.turnId, sessionId: mode.sessionId, heard };
    this.announceListening(mode.turnId, mode.sessionId);
    this.mic.start();
  }

  private listenStart(message: ListenStart): void {
    const mode = this.mode;
    if (mode.kind === 'ready' && mode.turnId === message.turnId) {
      if (!mode.answering) {
        mode.listen = message; // held until the person taps
        return;
      }
      this.send({ type: 'listen_open', turnId: message.turnId });
    }
    const ours = mode.kind === 'waiting' && (mode.turnId === message.turnId || mode.turnId === null);
    this.listenNow(message, ours ? mode.heard : []);
  }

  private listenNow(message: ListenStart, heard: Heard[]): void {
    const mode = this.mode;
    if (mode.kind === 'speaking') this.options.player.stop();
    const { turnId, sessionId, silenceMs, minUtteranceMs, maxListenMs } = message;
    const listen = new ListenTurn(
      turnId,
      sessionId,
      { ...this.options.endpointer, silenceMs, minUtteranceMs, maxListenMs },
      { json: (m) => this.send(m), binary: (b) => this.link.sendBinary(b) },
      (atMs) => this.emit('speech', { turnId, atMs }),
    );
    this.mode = { kind: 'listening', listen };
    this.announceListening(turnId, sessionId);
    // What was heard since playback ended (or the barge-in began) is the start of the answer.
    for (const h of heard) {
      if (this.mode.kind !== 'listening' || this.mode.listen !== listen) return;
      this.feed(listen, h.frame, h.probability);
    }
    if (this.mode.kind === 'listening') this.mic.start();
  }

  private onFrame(frame: Float32Array, probability: number): void {
    const mode = this.mode;
    switch (mode.kind) {
      case 'speaking':
        mode.recent.push({ frame, probability });
        if (mode.recent.length > RECENT_FRAMES) mode.recent.shift();
        if (this.options.bargeInByVoice === true && mode.detector.push(probability))
          this.bargeInNow(mode, 'voice');
        return;
      case 'waiting':
        mode.heard.push({ frame, probability });
        if (mode.heard.length > MAX_WAITING_FRAMES) mode.heard.shift();
        return;
      case 'listening':
        return this.feed(mode.listen, frame, probability);
      case 'ready':
      case 'idle':
        return;
    }
  }

  private feed(listen: ListenTurn, frame: Float32Array, probability: number): void {
    const outcome = listen.push(frame, probability);
    if (outcome === null) return;
    this.emit('utterance', { turnId: listen.turnId, outcome });
    this.toIdle(listen.turnId, outcome.type);
  }

  private announceListening(turnId: string, sessionId: string): void {
    if (this.announcedListen === turnId) return;
    this.announcedListen = turnId;
    this.emit('listening', { turnId, sessionId });
  }

  private toIdle(turnId: string | null, reason: IdleReason): void {
    if (this.mode.kind === 'speaking') this.options.player.stop();
    this.mic.stop();
    const wasIdle = this.mode.kind === 'idle';
    this.mode = { kind: 'idle' };
    if (!wasIdle || reason === 'disposed') this.emit('idle', { turnId, reason });
  }

  private micFailed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.emit('error', {
      turnId: this.turnId,
      message: `The microphone is unavailable (${reason}); reply by text.`,
    });
    // The hub answers the converse with the reason, so the session is not left waiting.
    const turnId = this.turnId;
    if ((this.mode.kind === 'listening' || this.mode.kind === 'waiting') && turnId !== null) {
      this.send({ type: 'listen_failed', turnId, reason });
    }
    // While speaking, playback goes on without voice barge-in; a listen cannot.
    if (this.mode.kind !== 'speaking') this.toIdle(this.turnId, 'error');
  }

  private send(message: PageToHub): void {
    this.link.send(message);
  }

  private emit<K extends keyof VoiceClientEvents>(type: K, payload: VoiceClientEvents[K]): void {
    this.events.emit(type, payload);
  }
}
