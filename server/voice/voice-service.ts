import type { FastifyBaseLogger } from 'fastify';
import { decodeAudioFrame } from '../../protocol/audio-frame.js';
import type { HubToBrowser } from '../../protocol/browser.js';
import { CONVERSE_MARKERS, type PageToHub } from '../../protocol/voice.js';
import type { ConverseBroker } from '../converse/converse-broker.js';
import { inBackground } from '../db/busy.js';
import { AppError } from '../errors.js';
import { SESSION_STOPPED_TEXT, type SessionService } from '../sessions/session-service.js';
import type { TranscriptLog } from '../transcript/transcript-log.js';
import type { SttEngine, TtsEngine } from './engines/engine-types.js';
import { Floor } from './floor.js';
import { keepMicAudio, transcribeTurn } from './listening.js';
import { Pages } from './pages.js';
import { speakTurn } from './speech-sender.js';
import { newTurn, newTurnId, type Turn } from './turn.js';
import type { VoicePeer } from './voice-peer.js';
import type { VoiceSettings } from './voice-settings.js';

export type VoiceServiceDeps = {
  sessions: SessionService;
  converse: ConverseBroker;
  transcript: TranscriptLog;
  tts: TtsEngine;
  stt: SttEngine;
  ffmpegPath: () => Promise<string>;
  settings: VoiceSettings;
  log: FastifyBaseLogger;
  now: () => number;
};

/**
 * Every converse call becomes a turn on the floor (floor.ts): spoken to the page that holds the
 * audio (pages.ts), then listened to. The person can answer any waiting turn by text at any moment.
 */
export class VoiceService {
  private readonly floor = new Floor();
  private readonly pages = new Pages();
  /** The queue as last announced (turn ids), so unchanged queues are not sent again. */
  private lastQueueKey = '';

  constructor(private readonly deps: VoiceServiceDeps) {
    deps.sessions.onChange((change) => {
      if (change.type === 'removed') this.dropSession(change.id);
      else if (change.session.state === 'exited') this.dropSession(change.session.id);
    });
    for (const engine of [deps.tts, deps.stt])
      engine.onStatus(() => this.pages.broadcast(this.modelStatus()));
  }

  /** A converse call from a session's proxy; resolves with what the tool returns to Claude. */
  converse(
    sessionId: string,
    call: { callId: string; message: string; waitForResponse: boolean; voice?: string },
  ): Promise<string> {
    const session = this.deps.sessions.record(sessionId);
    const isNew = this.floor.byCallId(call.callId) === undefined;
    if (session.muted) {
      if (isNew) this.recordSaid(sessionId, call.message, null);
      return Promise.resolve(CONVERSE_MARKERS.muted);
    }
    // Registered first, so the state change below already shows the waiting message.
    const answer = call.waitForResponse
      ? this.deps.converse.ask(sessionId, call.callId, call.message)
      : undefined;
    // A call re-sent by the proxy after a hub hiccup joins its existing turn.
    if (isNew) {
      const turn = newTurn({
        id: newTurnId(),
        sessionId,
        sessionName: session.name,
        callId: call.callId,
        message: call.message,
        waiting: call.waitForResponse,
        voice: call.voice ?? session.voice,
        speed: session.speed,
        queuedAt: this.deps.now(),
        waitedForFloor: this.floor.active !== undefined,
      });
      this.floor.enqueue(turn);
      if (this.pages.holder() === undefined) this.waitForBrowser(turn);
      // Speech starts first; the bookkeeping below runs while the engine synthesizes.
      this.schedule(true);
      this.recordSaid(sessionId, call.message, turn.id);
      if (call.waitForResponse) this.deps.sessions.apply(sessionId, { type: 'converse_waiting' });
      this.announceQueue();
    }
    return (
      answer ??
      Promise.resolve(
        this.pages.holder() === undefined ? CONVERSE_MARKERS.noBrowser : CONVERSE_MARKERS.delivered,
      )
    );
  }

  /**
   * A question of the hub's own on the session's behalf (a permission prompt): spoken and
   * listened to like a converse call, on the same floor; the answer goes to `onAnswer`. Only
   * when a page can play it and the session is not muted; otherwise null (it stays in the inbox).
   */
  askAloud(sessionId: string, question: string, onAnswer: (heard: string | null) => void): string | null {
    const session = this.deps.sessions.record(sessionId);
    if (session.muted || this.pages.holder() === undefined) return null;
    const turn = newTurn({
      id: newTurnId(),
      sessionId,
      sessionName: session.name,
      callId: `hub-question:${newTurnId()}`,
      message: question,
      waiting: true,
      voice: session.voice,
      speed: session.speed,
      queuedAt: this.deps.now(),
      waitedForFloor: this.floor.active !== undefined,
      onAnswer,
    });
    this.recordSaid(sessionId, question, turn.id);
    this.floor.enqueue(turn);
    this.announceQueue();
    this.schedule(true);
    return turn.id;
  }

  /**
   * Speak first: the person pressed to talk to `sessionId` with nothing waiting. The hub listens
   * (no speech first) and sends what it heard back to that page as `dictation`; the page sends
   * it to the session as a prompt unless the person cancels. Only the page that holds the audio,
   * and only while the floor is free (a turn speaking or listening is barged in on instead).
   */
  dictate(peer: VoicePeer, sessionId: string): void {
    const session = this.deps.sessions.record(sessionId);
    if (session.state === 'exited') throw new AppError('conflict', `Session "${session.name}" has exited.`);
    const client = this.pages.holder();
    if (client === undefined || client.peer.id !== peer.id) {
      throw new AppError('conflict', 'This page does not hold the audio: enable audio here first.');
    }
    if (this.floor.active !== undefined) {
      throw new AppError('conflict', 'Someone is speaking or being listened to: tap to interrupt first.');
    }
    const turn = newTurn({
      id: newTurnId(),
      sessionId,
      sessionName: session.name,
      callId: `dictation:${newTurnId()}`,
      message: '',
      waiting: true,
      voice: session.voice,
      speed: session.speed,
      queuedAt: this.deps.now(),
      waitedForFloor: false,
      dictation: true,
      onAnswer: (heard) => {
        if (heard !== null) peer.sendJson({ type: 'dictation', turnId: turn.id, sessionId, heard });
      },
    });
    this.floor.enqueueFirst(turn);
    this.floor.takeNext();
    this.announceQueue();
    this.listen(turn, client);
  }

  /** Withdraws a question asked with askAloud (decided elsewhere meanwhile); its answer is not wanted. */
  withdraw(turnId: string): void {
    const turn = this.floor.byId(turnId);
    if (turn === undefined) return;
    turn.onAnswer = undefined;
    turn.waiting = false;
    this.finish(turn, CONVERSE_MARKERS.delivered, null);
  }

  /**
   * A typed answer (REST or the page) to the session's waiting converse: the one on the floor
   * first. It answers a converse only: a permission prompt on the floor is decided by a spoken
   * answer, the inbox or the API, never by a reply typed for Claude ("sure, sounds good").
   */
  reply(sessionId: string, text: string): void {
    const turn = this.floor.waitingConverseOf(sessionId);
    if (turn === undefined) {
      const name = this.deps.sessions.record(sessionId).name;
      const permission = this.floor.asksForSession(sessionId)
        ? ' A permission prompt waits: decide it in the inbox (POST /api/permissions/<id>) or say allow or deny.'
        : '';
      throw new AppError('conflict', `Session "${name}" is not waiting for a reply.${permission}`);
    }
    this.finish(turn, `${CONVERSE_MARKERS.textReplyPrefix} ${text}`, text, 'text');
  }

  setMuted(sessionId: string, muted: boolean): void {
    this.deps.sessions.setMuted(sessionId, muted);
    if (muted)
      for (const turn of this.floor.turnsOf(sessionId)) this.finish(turn, CONVERSE_MARKERS.muted, null);
  }

  queuedSessions(): string[] {
    return this.floor.queued.map((t) => t.sessionId);
  }

  // Pages

  attachPeer(peer: VoicePeer): void {
    this.pages.attach(peer);
    peer.sendJson(this.modelStatus());
    peer.sendJson(this.floor.snapshot());
  }

  detachPeer(peerId: string): void {
    const wasHolder = this.pages.detach(peerId);
    if (wasHolder) this.requeueActive();
    if (this.pages.holder() === undefined) for (const turn of this.floor.queued) this.waitForBrowser(turn);
    this.schedule(true);
  }

  handlePageMessage(peer: VoicePeer, message: PageToHub): void {
    switch (message.type) {
      case 'voice_hello':
        if (this.pages.hello(peer, message.formats, message.handsFree)) this.requeueActive();
        for (const turn of this.floor.queued) clearTimeout(turn.timer);
        return this.schedule(true);
      case 'set_hands_free':
        this.pages.setHandsFree(peer.id, message.handsFree);
        return this.schedule(true);
      case 'playback_done':
      case 'barge_in':
        return this.afterSpeech(message.turnId, message.type === 'barge_in');
      case 'utterance_end':
        return void this.transcribe(message.turnId);
      case 'no_speech': {
        const turn = this.floor.activeIn(message.turnId, 'listening');
        return turn === undefined ? undefined : this.finish(turn, CONVERSE_MARKERS.noSpeech, null);
      }
      case 'listen_failed': {
        const turn = this.floor.activeIn(message.turnId, 'listening');
        const result = `${CONVERSE_MARKERS.micUnavailablePrefix} ${message.reason})`;
        return turn === undefined ? undefined : this.finish(turn, result, null);
      }
      case 'text_reply':
        return this.safely(peer, () => this.reply(message.sessionId, message.text));
      case 'set_muted':
        return this.safely(peer, () => this.setMuted(message.sessionId, message.muted));
      case 'dictate':
        return this.safely(peer, () => this.dictate(peer, message.sessionId));
      case 'listen_open': {
        const turn = this.floor.activeIn(message.turnId, 'listening');
        return turn === undefined ? undefined : this.guardListen(turn);
      }
    }
  }

  /** Microphone audio (binary frames) for the turn that is listening. */
  handlePageAudio(peer: VoicePeer, bytes: Uint8Array): void {
    const decoded = decodeAudioFrame(bytes);
    if (!decoded.ok)
      return peer.sendJson({ type: 'voice_error', message: `Bad audio frame: ${decoded.reason}` });
    const turn = this.floor.activeIn(decoded.frame.turnId, 'listening');
    // Late frames of a closed turn are expected after an utterance ends; they are dropped.
    if (turn !== undefined) keepMicAudio(turn, decoded.frame);
  }

  // The floor

  /**
   * Starts the next turn if the floor is free and a page holds the audio. After a turn ends
   * (`arrival` false), queued sessions play on their own only in hands-free mode; a new call or
   * a page arriving always starts at once when nothing else is playing.
   */
  private schedule(arrival: boolean): void {
    const client = this.pages.holder();
    if (client === undefined || (!arrival && !client.handsFree)) return;
    const turn = this.floor.takeNext();
    if (turn === undefined) return;
    turn.phase = 'speaking';
    clearTimeout(turn.timer);
    this.announceQueue();
    void speakTurn({ ...this.deps, streaming: this.deps.settings.streaming }, turn, client).then(
      (outcome) => {
        if (outcome.error !== null)
          this.deps.log.warn({ sessionId: turn.sessionId, error: outcome.error }, 'speech failed');
        if (this.floor.active === turn && turn.phase === 'speaking') turn.phase = 'playing';
      },
    );
  }

  private afterSpeech(turnId: string, bargeIn: boolean): void {
    const turn = this.floor.activeIn(turnId, 'speaking', 'playing');
    if (turn === undefined) return;
    if (bargeIn) turn.abort.abort();
    if (!turn.waiting) return this.finish(turn, CONVERSE_MARKERS.delivered, null);
    const client = this.pages.holder();
    if (client === undefined) return this.requeueActive();
    this.listen(turn, client);
  }

  /**
   * Asks the page to listen for `turn`. Hands-free, the page opens its microphone at once and the
   * guard starts now; push-to-talk, it opens only when the person taps (listen_open), which may
   * take as long as they like: a question waits for them, as Claude Code's own prompts do.
   */
  private listen(turn: Turn, client: NonNullable<ReturnType<Pages['holder']>>): void {
    const turnId = turn.id;
    turn.phase = 'listening';
    const stt = this.deps.stt.status();
    if (stt.state === 'missing' || stt.state === 'error') {
      const reason = stt.message ?? stt.state;
      client.peer.sendJson({
        type: 'voice_error',
        turnId,
        message: `Speech recognition is unavailable (${reason}); reply by text.`,
      });
      // A converse still waits for a typed answer; speaking first has nothing to wait for.
      if (turn.dictation === true) this.finish(turn, CONVERSE_MARKERS.noSpeech, null);
      return;
    }
    const { silenceMs, minUtteranceMs, maxListenMs } = this.deps.settings;
    client.peer.sendJson({
      type: 'listen_start',
      turnId,
      sessionId: turn.sessionId,
      silenceMs,
      minUtteranceMs,
      maxListenMs,
    });
    if (client.handsFree || turn.dictation === true) this.guardListen(turn);
  }

  /** The page ends every listen; this guard only covers a page that vanished without a word. */
  private guardListen(turn: Turn): void {
    const { maxListenMs } = this.deps.settings;
    clearTimeout(turn.timer);
    turn.timer = setTimeout(
      () =>
        inBackground('ending a listen', this.deps.log, () =>
          this.finish(turn, CONVERSE_MARKERS.noSpeech, null),
        ),
      maxListenMs + 30_000,
    );
    turn.timer.unref();
  }

  private async transcribe(turnId: string): Promise<void> {
    const turn = this.floor.activeIn(turnId, 'listening');
    if (turn === undefined) return;
    turn.phase = 'transcribing';
    clearTimeout(turn.timer);
    try {
      const heard = await transcribeTurn(this.deps, turn);
      if (this.floor.active === turn) this.finish(turn, heard ?? CONVERSE_MARKERS.noSpeech, heard);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.warn({ sessionId: turn.sessionId, err: error }, 'transcription failed');
      this.pages.holder()?.peer.sendJson({
        type: 'voice_error',
        turnId,
        message: `Not understood (${message}); reply by text.`,
      });
      turn.phase = 'listening'; // the converse still waits: the person can type the answer
    }
  }

  /** Ends a turn wherever it is, answers its converse, and frees the floor. */
  private finish(
    turn: Turn,
    result: string,
    heard: string | null,
    channel: 'voice' | 'text' = 'voice',
  ): void {
    turn.abort.abort();
    clearTimeout(turn.timer);
    const wasActive = this.floor.release(turn);
    const wasListening = wasActive && (turn.phase === 'listening' || turn.phase === 'transcribing');
    const wasWaiting = turn.waiting;
    turn.waiting = false;
    const answersClaude = wasWaiting && turn.onAnswer === undefined;
    if (answersClaude) this.deps.converse.answerCall(turn.sessionId, turn.callId, result);
    const tellAndRecord = () => {
      if (wasListening)
        this.pages.holder()?.peer.sendJson({ type: 'listen_stop', turnId: turn.id, reason: 'answered' });
      if (wasWaiting) {
        // The person's words, or the hub's note of why there are none (a marker such as "(no
        // speech detected)"). Dictation is recorded by the page's send, once the person let it go.
        if (turn.dictation !== true)
          this.deps.transcript.record(
            turn.sessionId,
            heard === null
              ? { role: 'system', channel: 'text', text: result, turnId: turn.id }
              : { role: 'user', channel, text: heard, turnId: turn.id },
          );
        if (turn.onAnswer !== undefined) turn.onAnswer(heard);
        else if (this.deps.sessions.has(turn.sessionId))
          this.deps.sessions.apply(turn.sessionId, { type: 'converse_answered' });
      }
      this.pages.broadcast({ type: 'turn_end', turnId: turn.id, sessionId: turn.sessionId, result, heard });
      this.announceQueue();
      if (wasActive) this.schedule(false);
    };
    if (!answersClaude) return tellAndRecord();
    // Claude waits on the answer, and it reaches the proxy's socket through a few promise
    // continuations: telling the page and the bookkeeping (a database write, broadcasts) run
    // after them, in the next turn of the event loop, instead of delaying the answer.
    setImmediate(() => {
      try {
        tellAndRecord();
      } catch (error) {
        this.deps.log.warn({ sessionId: turn.sessionId, err: error }, 'recording an answered turn failed');
      }
    });
  }

  /** The page holding the audio went away mid-turn: the turn starts over when one is back. */
  private requeueActive(): void {
    const old = this.floor.requeueActive();
    if (old === undefined) return;
    old.abort.abort();
    clearTimeout(old.timer);
    this.announceQueue();
  }

  /** No page to speak to: a waiting converse says so after the configured wait; the message stays queued. */
  private waitForBrowser(turn: Turn): void {
    if (!turn.waiting || turn.timer !== undefined) return;
    turn.timer = setTimeout(() => {
      turn.timer = undefined;
      if (this.pages.holder() !== undefined || !turn.waiting || !this.floor.queued.includes(turn)) return;
      turn.waiting = false;
      const note = {
        role: 'system',
        channel: 'text',
        text: CONVERSE_MARKERS.noBrowser,
        turnId: turn.id,
      } as const;
      // Claude is answered first: recording it is a write, which another process's lock can refuse.
      this.deps.converse.answerCall(turn.sessionId, turn.callId, CONVERSE_MARKERS.noBrowser);
      inBackground('recording an unanswered converse', this.deps.log, () => {
        this.deps.transcript.record(turn.sessionId, note);
        this.deps.sessions.apply(turn.sessionId, { type: 'converse_answered' });
      });
    }, this.deps.settings.noBrowserWaitMs);
    turn.timer.unref();
  }

  private dropSession(sessionId: string): void {
    for (const turn of this.floor.turnsOf(sessionId)) {
      turn.waiting = false; // the session service already answered its converse calls
      this.finish(turn, SESSION_STOPPED_TEXT, null);
    }
  }

  /** Tells the pages who waits for the floor, when that changed since the last time. */
  private announceQueue(): void {
    const snapshot = this.floor.snapshot();
    const key = snapshot.queued.map((q) => q.turnId).join(',');
    if (key === this.lastQueueKey) return;
    this.lastQueueKey = key;
    this.pages.broadcast(snapshot);
  }

  /** What the session said, in its transcript: spoken in a turn, or as text when it was muted. */
  private recordSaid(sessionId: string, text: string, turnId: string | null): void {
    const channel = turnId === null ? 'text' : 'voice';
    this.deps.transcript.record(sessionId, { role: 'assistant', channel, text, turnId });
  }

  private modelStatus(): HubToBrowser {
    return { type: 'model_status', models: [this.deps.tts.status(), this.deps.stt.status()] };
  }

  /** A page's request that fails (unknown session, nothing to answer) gets an error frame, not a crash. */
  private safely(peer: VoicePeer, action: () => void): void {
    try {
      action();
    } catch (error) {
      peer.sendJson({ type: 'voice_error', message: error instanceof Error ? error.message : String(error) });
    }
  }
}
