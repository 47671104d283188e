import WebSocket from 'ws';
import { hubToBrowserSchema, type HubToBrowser } from '../../protocol/browser.js';
import type { PageToHub, SpeechFormat } from '../../protocol/voice.js';
import { EnergyVad } from '../../web/audio/energy-vad.js';
import type { DebugHook, FrameVad, VoiceSocket } from '../../web/audio/ports.js';
import { VoiceClient, type VoiceClientState } from '../../web/audio/voice-client.js';
import { FileMic, micSamples, type MicInput, type MicPace } from './audio/file-mic.js';
import { ScriptedPlayer, type PlaybackMode } from './audio/scripted-player.js';
import { loadSileroVad, type OrtRuntime } from './audio/silero-node.js';
import { TurnRecorder, epochNow, type Logged, type RecordedTurn } from './audio/turn-recorder.js';

export type { MicInput, MicPace, PlaybackMode, RecordedTurn };

export type ScriptedBrowserOptions = {
  /** The hub's base URL (http://127.0.0.1:port). */
  url: string;
  token: string;
  /** Sent in voice_hello. Default ['pcm16']. */
  formats?: SpeechFormat[];
  handsFree?: boolean;
  /** How a turn's audio "plays" before playback_done. Default 'instant'. */
  playback?: PlaybackMode;
  /** What the microphone hears on every listen (setMicrophone changes it). Default silence. */
  mic?: MicInput;
  /** Default 'fast' (while listening; before listen_start it always runs in real time). */
  micPace?: MicPace;
  /** Default 'silero' (the page's SileroVad on onnxruntime in Node). */
  vad?: 'silero' | 'energy' | FrameVad;
  ortRuntime?: OrtRuntime;
  vadModelPath?: string;
  /** Keep the mic open during playback and barge in when the WAV's speech starts. */
  bargeInByVoice?: boolean;
  /**
   * Push-to-talk (hands-free off): the scripted person taps to answer as soon as a question has
   * been spoken (default true). false: the microphone waits for answer(), as a real page does.
   */
  answerAtOnce?: boolean;
  debug?: DebugHook;
};

/**
 * A Node client that plays the page for the hub's tests and benchmark: the page's own VoiceClient
 * (web/audio) over a real `ws` socket, with a simulated speaker and a microphone fed from a WAV
 * file, through the same SileroVad and endpointer. It records every turn for assertions.
 */
export class ScriptedBrowser {
  readonly recorder = new TurnRecorder();
  /** Hub messages that failed the protocol schema: a test should expect this to stay empty. */
  readonly invalid: Logged<unknown>[] = [];
  readonly client: VoiceClient;
  readonly player: ScriptedPlayer;
  readonly mic: FileMic;
  private micInput: MicInput;
  private turnsTaken = 0;

  private constructor(
    private readonly ws: WebSocket,
    vad: FrameVad,
    options: ScriptedBrowserOptions,
  ) {
    this.micInput = options.mic ?? { silence: true };
    // Registered before the voice client's listener: a message is recorded before it is acted on.
    ws.addEventListener('message', (event) => this.receive(event.data));
    ws.on('error', (error) => options.debug?.('page socket error', error));
    this.player = new ScriptedPlayer(options.playback ?? 'instant', (turn, seq, payload) => {
      if (turn.format === 'pcm16') return (payload.length / 2 / turn.sampleRate) * 1000;
      return this.recorder.turns.get(turn.turnId)?.chunks.find((c) => c.seq === seq)?.durationMs ?? 0;
    });
    this.mic = new FileMic(
      () => micSamples(this.micInput),
      // Fast only while truly listening: before listen_start, frames pile up in the client's buffer.
      () => (this.client.phase === 'listening' ? (options.micPace ?? 'fast') : 'realtime'),
      (error) => options.debug?.('scripted mic failed', error),
    );
    this.client = new VoiceClient({
      socket: recordingSocket(ws, this.recorder),
      player: this.player,
      mic: this.mic,
      vad,
      formats: options.formats ?? ['pcm16'],
      handsFree: options.handsFree ?? false,
      bargeInByVoice: options.bargeInByVoice ?? false,
      answerAtOnce: options.answerAtOnce ?? true,
      debug: options.debug,
    });
    // Audio time maps to wall time only for a real-time mic opened for this listen (with voice
    // barge-in the mic opened at speak_start, and the listen starts within its audio).
    this.client.on('utterance', ({ turnId, outcome }) => {
      const mapsToWallTime = this.mic.realtimeSoFar && options.bargeInByVoice !== true;
      this.recorder.listened(turnId, outcome, mapsToWallTime ? this.mic.startedAt : null);
    });
  }

  /** Opens `/ws` on the hub and resolves once this page has said voice_hello. */
  static async connect(options: ScriptedBrowserOptions): Promise<ScriptedBrowser> {
    const vad =
      options.vad === undefined || options.vad === 'silero'
        ? await loadSileroVad({ runtime: options.ortRuntime, modelPath: options.vadModelPath })
        : options.vad === 'energy'
          ? new EnergyVad()
          : options.vad;
    const ws = new WebSocket(
      `${options.url.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(options.token)}`,
    );
    ws.binaryType = 'arraybuffer';
    const browser = new ScriptedBrowser(ws, vad, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`The hub refused the page socket: HTTP ${response.statusCode}`)),
      );
    });
    let closed: string | null = null;
    ws.once('close', (code, reason) => (closed = `closed by the hub (${code} ${reason.toString()})`));
    await browser.until('voice_hello', () => {
      if (closed !== null) throw new Error(`The page socket was ${closed} before voice_hello`);
      return browser.recorder.sent.some((s) => s.message.type === 'voice_hello');
    });
    return browser;
  }

  /** Turns in the order their speak_start arrived. */
  get turns(): RecordedTurn[] {
    return [...this.recorder.turns.values()];
  }

  turn(turnId: string): RecordedTurn {
    const turn = this.recorder.turns.get(turnId);
    if (turn === undefined) throw new Error(`No turn ${turnId} has started on this page`);
    return turn;
  }

  get state(): VoiceClientState {
    return this.client.state;
  }

  /** What the microphone hears from the next listen on. */
  setMicrophone(input: MicInput): void {
    this.micInput = input;
  }

  /** The next turn (speak_start) not yet returned by nextTurn(). */
  async nextTurn(timeoutMs?: number): Promise<RecordedTurn> {
    const turn = await this.until('the next speak_start', () => this.turns[this.turnsTaken], timeoutMs);
    this.turnsTaken++;
    return turn;
  }

  /** The turn once the hub has ended it (turn_end). */
  waitForTurnEnd(turnId: string, timeoutMs?: number): Promise<RecordedTurn> {
    return this.until(
      `turn_end of ${turnId}`,
      () => {
        const turn = this.recorder.turns.get(turnId);
        return turn?.turnEnd ? turn : undefined;
      },
      timeoutMs,
    );
  }

  /** The first hub message (already received or still to come) of this type that matches. */
  waitForMessage<T extends HubToBrowser['type']>(
    type: T,
    matches: (message: Extract<HubToBrowser, { type: T }>) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<Extract<HubToBrowser, { type: T }>> {
    return this.until(
      `a ${type} message`,
      () => {
        for (const { message } of this.recorder.received) {
          const typed = message as Extract<HubToBrowser, { type: T }>;
          if (message.type === type && matches(typed)) return typed;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Resolves with check()'s first value other than undefined, null or false. Re-checks after every
   * message in either direction, and every 10 ms for conditions outside this page (the hub's state).
   */
  until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          stop();
          return reject(error as Error);
        }
        if (value === undefined || value === null || value === false) return;
        stop();
        resolve(value);
      };
      const unsubscribe = this.recorder.onChange(attempt);
      const poll = setInterval(attempt, 10);
      const timer = setTimeout(() => {
        stop();
        const seen = this.recorder.received.slice(-8).map((m) => m.message.type);
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${what} (last messages: ${seen.join(', ')})`,
          ),
        );
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        clearInterval(poll);
        unsubscribe();
      };
      attempt();
    });
  }

  /** Speech (here: a tap) during playback. Sent even if this page thinks nothing is playing. */
  bargeIn(turnId: string): void {
    if (this.client.turnId === turnId && this.client.state === 'speaking') this.client.bargeIn();
    else this.sendJson({ type: 'barge_in', turnId });
  }

  /** Manual playback: the turn's audio has finished playing (sends playback_done). */
  finishPlayback(turnId: string): void {
    if (!this.player.finish(turnId)) throw new Error(`Turn ${turnId} is not playing on this page`);
  }

  /** The person taps to answer the question that was spoken (push-to-talk). */
  answer(): boolean {
    return this.client.answer();
  }

  /** The person presses to talk to a session with nothing waiting (speak first). */
  dictate(sessionId: string): boolean {
    return this.client.dictate(sessionId);
  }

  sendText(sessionId: string, text: string): void {
    this.client.sendText(sessionId, text);
  }

  setMuted(sessionId: string, muted: boolean): void {
    this.client.setMuted(sessionId, muted);
  }

  setHandsFree(handsFree: boolean): void {
    this.client.setHandsFree(handsFree);
  }

  /** Any page message, bypassing the voice client (for protocol edge cases). */
  sendJson(message: PageToHub): void {
    this.recorder.sentJson(message);
    this.ws.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.client.dispose();
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private receive(data: unknown): void {
    const at = epochNow();
    if (typeof data !== 'string') {
      if (data instanceof ArrayBuffer) this.recorder.receivedBinary(new Uint8Array(data), at);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.invalid.push({ at, message: data });
      return;
    }
    const parsed = hubToBrowserSchema.safeParse(json);
    if (parsed.success) this.recorder.receivedJson(parsed.data, at);
    else this.invalid.push({ at, message: json });
  }
}

/** The ws socket as the voice client sees it, recording what the page sends. */
function recordingSocket(ws: WebSocket, recorder: TurnRecorder): VoiceSocket {
  return {
    set binaryType(_value: string) {
      ws.binaryType = 'arraybuffer'; // the only type this harness decodes
    },
    get binaryType() {
      return ws.binaryType;
    },
    send(data) {
      if (typeof data === 'string') recorder.sentJson(JSON.parse(data) as PageToHub);
      else recorder.sentBinary(new Uint8Array(data));
      ws.send(data);
    },
    addEventListener: (type, listener) => ws.addEventListener(type, listener),
    removeEventListener: (type, listener) => ws.removeEventListener(type, listener),
  };
}
