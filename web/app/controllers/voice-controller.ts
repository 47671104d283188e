import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EnergyVad } from '../../audio/energy-vad.js';
import type { HubVoiceMessage } from '../../audio/hub-messages.js';
import { MicCapture } from '../../audio/mic-capture.js';
import { SpeechPlayer } from '../../audio/speech-player.js';
import { VoiceClient } from '../../audio/voice-client.js';
import type { PageToHub } from '../../../protocol/voice.js';
import type { PageLog } from '../log.js';
import { prefs } from '../prefs.js';
import type { CaptionChunk } from '../state/captions.js';
import { interruptAction, tapAction, type MicPhase, type TapAction } from '../state/mic.js';
import type { SpeakStartInfo } from '../state/queue.js';
import { SwitchableVad } from '../voice/switchable-vad.js';
import { loadSileroInBackground } from '../voice/silero.js';

export type AudioState = 'locked' | 'starting' | 'running' | 'suspended';
export type VadName = 'energy' | 'silero';
export type SpokenTurn = SpeakStartInfo & { turnId: string; listenAfter: boolean };

export type VoiceHooks = {
  /** Speech began (the page announces it, and may switch to the session). */
  onSpeaking: (turn: SpokenTurn) => void;
  /** The live session in front of the person, whom speaking first talks to; null: none. */
  talkTarget: () => string | null;
  /** What the hub heard when the person spoke first (the page sends it, unless cancelled). */
  onDictation: (dictation: { turnId: string; sessionId: string; heard: string }) => void;
  /** Something the person should read: a voice error, a microphone problem. */
  onProblem: (message: string) => void;
  log: PageLog;
};

/** If the hub never answers an utterance, the page stops saying "Understanding…" after this. */
const TRANSCRIBING_TIMEOUT_MS = 30_000;

/**
 * The page's audio: one AudioContext started by a user gesture, the microphone, the VAD, and a
 * VoiceClient (web/audio) on the current socket. It says voice_hello (the hub then routes speech
 * here) only once the AudioContext runs, so speech never goes to a page that cannot play it.
 */
export class VoiceController implements ReactiveController {
  audio: AudioState = 'locked';
  phase: MicPhase = 'locked';
  /** The turn being spoken or listened to on this page. */
  turn: SpokenTurn | null = null;
  captions: CaptionChunk[] = [];
  handsFree: boolean;
  micProblem: string | null = null;
  private context: AudioContext | null = null;
  private client: VoiceClient | null = null;
  private socket: WebSocket | null = null;
  private readonly vad = new SwitchableVad(new EnergyVad(), (name) => {
    this.hooks.log.debug(`voice activity detection now: ${name}`);
    this.host.requestUpdate();
  });
  private vadRequested = false;
  /** The turn whose utterance went to the hub, until it answers. */
  private transcribing: { turnId: string; timer: ReturnType<typeof setTimeout> } | null = null;
  /** Space is held down (push to talk): its release ends the utterance. */
  private talkHeld = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: VoiceHooks,
  ) {
    this.handsFree = prefs.handsFree();
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.attach(null);
  }

  /** The voice activity detector listening uses now: "energy" until Silero has taken over. */
  get vadName(): VadName {
    return this.vad.name === 'silero' ? 'silero' : 'energy';
  }

  /** Silero has loaded and takes over when the microphone next opens; null otherwise. */
  get vadUpcoming(): VadName | null {
    const next = this.vad.upcoming;
    return next === null ? null : next === 'silero' ? 'silero' : 'energy';
  }

  /** Each new socket gets its own voice client; the old one lets go of speaker and microphone. */
  attach(socket: WebSocket | null): void {
    if (socket === this.socket) return;
    this.client?.dispose();
    this.client = null;
    this.socket = socket;
    this.turn = null;
    this.clearTranscribing();
    if (socket !== null) {
      this.client = this.createClient(socket);
      if (this.audio === 'running') this.client.hello();
    }
    this.sync();
  }

  /** Must run inside a user gesture (click, key): browsers start audio only then. */
  async enableAudio(): Promise<void> {
    if (this.audio === 'running') return;
    this.context ??= this.createContext();
    const context = this.context;
    this.audio = 'starting';
    this.sync();
    const resumed = context.resume();
    unlockOutput(context);
    this.warmUpMicrophone();
    try {
      await Promise.race([resumed, delay(3000)]);
    } catch (error) {
      this.hooks.log.debug('AudioContext.resume failed', error);
    }
    this.onContextState();
    if (context.state !== 'running')
      this.hooks.onProblem('The browser kept the audio off. Tap "Enable audio" again.');
  }

  tap(queuedCount: number): TapAction {
    const target = this.hooks.talkTarget();
    const action = tapAction(this.phase, queuedCount, target !== null);
    switch (action) {
      case 'answer':
        this.client?.answer();
        break;
      case 'dictate':
        if (target !== null) this.client?.dictate(target);
        break;
      case 'enable_audio':
        void this.enableAudio();
        break;
      case 'barge_in':
        this.client?.bargeIn();
        break;
      case 'end_utterance':
        this.endUtterance();
        break;
      case 'play_next':
        // The hub starts the next queued turn when a page (re)states its mode and the floor is free.
        this.client?.setHandsFree(this.handsFree);
        break;
      case 'explain_idle':
      case 'none':
        break;
    }
    this.sync();
    return action;
  }

  /** Esc, Stop, Media Session pause. */
  interrupt(): void {
    const action = interruptAction(this.phase);
    const turnId = this.client?.turnId ?? null;
    if (action === 'barge_in') this.client?.bargeIn();
    // The hub answers the session "(no speech detected)" and closes the listen.
    else if (action === 'cancel_listen' && turnId !== null) this.send({ type: 'no_speech', turnId });
    this.sync();
  }

  /** Space pressed: like a tap, but releasing it ends the utterance (hold to talk). */
  pressTalk(queuedCount: number): TapAction {
    if (this.phase === 'waiting' || this.phase === 'listening') {
      this.talkHeld = true;
      return 'none';
    }
    const action = this.tap(queuedCount);
    this.talkHeld = ['barge_in', 'play_next', 'answer', 'dictate'].includes(action);
    return action;
  }

  releaseTalk(): void {
    if (!this.talkHeld) return;
    this.talkHeld = false;
    if (this.phase === 'listening') this.endUtterance();
  }

  setHandsFree(handsFree: boolean): void {
    this.handsFree = handsFree;
    prefs.setHandsFree(handsFree);
    this.client?.setHandsFree(handsFree);
    this.host.requestUpdate();
  }

  private createClient(socket: WebSocket): VoiceClient {
    const log = this.hooks.log;
    const client = new VoiceClient({
      socket,
      player: new SpeechPlayer(() => this.liveContext(), { debug: log.debug }),
      mic: new MicCapture({ context: () => this.liveContext(), debug: log.debug }),
      vad: this.vad,
      formats: ['pcm16', 'opus'],
      handsFree: this.handsFree,
      // Voice barge-in keeps the mic open during playback; a phone speaker can trigger it. Taps only.
      bargeInByVoice: false,
      autoHello: false,
      debug: log.debug,
    });
    // The client reports a voice message ('message') before it acts on it ('speaking').
    client.on('speaking', () => {
      this.sync();
      if (this.turn !== null) this.hooks.onSpeaking(this.turn);
    });
    client.on('caption', (c) => {
      if (this.turn?.turnId !== c.turnId) return;
      this.captions = [...this.captions, { ...c, arrivedAt: performance.now() }];
      this.host.requestUpdate();
    });
    client.on('utterance', ({ turnId, outcome }) => {
      if (outcome.type === 'utterance_end') this.startTranscribing(turnId);
    });
    client.on('message', (message) => this.onVoiceMessage(message));
    client.on('error', ({ message }) => this.hooks.onProblem(message));
    for (const type of ['listening', 'idle', 'barge_in', 'ready'] as const)
      client.on(type, () => this.sync());
    return client;
  }

  private onVoiceMessage(message: HubVoiceMessage): void {
    if (message.type === 'dictation') {
      this.clearTranscribing();
      this.hooks.onDictation(message);
    }
    if (message.type === 'speak_start') {
      const { turnId, sessionId, sessionName, text, announce, listenAfter } = message;
      this.turn = { turnId, sessionId, sessionName, text, announce, listenAfter };
      this.captions = [];
      this.clearTranscribing();
    }
    const endsTurn = message.type === 'turn_end' || message.type === 'listen_stop';
    if (endsTurn && this.transcribing?.turnId === message.turnId) this.clearTranscribing();
    if (message.type === 'voice_error' && message.turnId === this.transcribing?.turnId)
      this.clearTranscribing();
    if (message.type === 'turn_end' && this.turn?.turnId === message.turnId) this.turn = null;
    // The client reports a message before acting on it (listen_start: waiting -> listening, with
    // no event of its own): read its phase again once it has.
    queueMicrotask(() => this.sync());
  }

  /** The person is done: close the utterance now (the hub transcribes what it got). */
  private endUtterance(): void {
    const turnId = this.client?.turnId ?? null;
    if (turnId === null) return;
    this.send({ type: 'utterance_end', turnId });
    this.startTranscribing(turnId);
  }

  private startTranscribing(turnId: string): void {
    this.clearTranscribing();
    const timer = setTimeout(() => {
      this.transcribing = null;
      this.sync();
    }, TRANSCRIBING_TIMEOUT_MS);
    this.transcribing = { turnId, timer };
    this.sync();
  }

  private clearTranscribing(): void {
    if (this.transcribing !== null) clearTimeout(this.transcribing.timer);
    this.transcribing = null;
  }

  private sync(): void {
    const phase = this.client?.phase ?? 'idle';
    if (this.audio !== 'running') this.phase = 'locked';
    else if (this.transcribing !== null) this.phase = 'transcribing';
    else this.phase = phase;
    if (this.phase === 'idle' || this.phase === 'locked') this.talkHeld = false;
    this.host.requestUpdate();
  }

  private createContext(): AudioContext {
    const context = new AudioContext({ latencyHint: 'interactive' });
    context.addEventListener('statechange', () => this.onContextState());
    return context;
  }

  private onContextState(): void {
    const running = this.context?.state === 'running';
    const was = this.audio;
    this.audio = running ? 'running' : was === 'running' ? 'suspended' : was === 'starting' ? 'locked' : was;
    if (running && was !== 'running') {
      this.client?.hello();
      this.loadVad();
    }
    this.sync();
  }

  /** The context for a turn; created lazily only inside enableAudio (never without a gesture). */
  private liveContext(): AudioContext {
    this.context ??= this.createContext();
    return this.context;
  }

  private loadVad(): void {
    if (this.vadRequested) return;
    this.vadRequested = true;
    void loadSileroInBackground(this.hooks.log).then((silero) => {
      if (silero === null) return;
      this.vad.upgrade(silero);
      this.host.requestUpdate();
    });
  }

  /** Asks for the microphone now, while the person expects it, not in the middle of a question. */
  private warmUpMicrophone(): void {
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      this.micProblem = 'This browser gives no microphone here (it needs HTTPS). Reply by text.';
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(
      (stream) => {
        for (const track of stream.getTracks()) track.stop();
        this.micProblem = null;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.micProblem = `The microphone is not available (${reason}). You can listen and reply by text.`;
        this.host.requestUpdate();
      },
    );
  }

  private send(message: PageToHub): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

/** iOS Safari unlocks output only when something starts inside the gesture: one silent sample. */
function unlockOutput(context: AudioContext): void {
  try {
    const source = context.createBufferSource();
    source.buffer = context.createBuffer(1, 1, context.sampleRate);
    source.connect(context.destination);
    source.start();
  } catch {
    // nothing to unlock
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
