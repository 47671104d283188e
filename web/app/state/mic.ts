/**
 * What the big mic button (and Space, Esc, the media keys) does in each phase of the voice
 * conversation. Pure, so the rules read in one place and are tested.
 */

export type MicPhase =
  /** The AudioContext is not running yet (no user gesture): nothing can play. */
  | 'locked'
  | 'idle'
  | 'speaking'
  /** Playback ended or was interrupted; the hub is about to say listen_start (the mic is open). */
  | 'waiting'
  /** Push-to-talk: a question was spoken; the mic stays closed until the person taps to answer. */
  | 'ready'
  | 'listening'
  /** The utterance went to the hub; its speech recognizer is working. */
  | 'transcribing';

export type TapAction =
  | 'enable_audio'
  /** Stop the speech at once and answer (listening follows if the session asked a question). */
  | 'barge_in'
  /** "I'm done talking": close the utterance now instead of waiting for the silence. */
  | 'end_utterance'
  /** Push-to-talk mode: queued speech waits for the person; play the next one. */
  | 'play_next'
  /** Push-to-talk: open the microphone to answer the question that was spoken. */
  | 'answer'
  /** Nothing waits: talk to the session in front of the person (speak first). */
  | 'dictate'
  /** Nothing to talk to (no session): say so. */
  | 'explain_idle'
  | 'none';

/** `canDictate`: a live session is in front of the person, so speaking first has an addressee. */
export function tapAction(phase: MicPhase, queuedCount: number, canDictate = false): TapAction {
  switch (phase) {
    case 'locked':
      return 'enable_audio';
    case 'speaking':
      return 'barge_in';
    case 'waiting':
    case 'listening':
      return 'end_utterance';
    case 'ready':
      return 'answer';
    case 'transcribing':
      return 'none';
    case 'idle':
      if (queuedCount > 0) return 'play_next';
      return canDictate ? 'dictate' : 'explain_idle';
  }
}

export type InterruptAction = 'barge_in' | 'cancel_listen' | 'none';

/** Esc, the Stop button, Media Session pause: silence now; while listening, stop without answering. */
export function interruptAction(phase: MicPhase): InterruptAction {
  if (phase === 'speaking') return 'barge_in';
  if (phase === 'waiting' || phase === 'listening' || phase === 'ready') return 'cancel_listen';
  return 'none';
}

/** The mic button's data-state (a stable contract with the end-to-end tests). */
export function micButtonState(phase: MicPhase): 'idle' | 'speaking' | 'listening' | 'ready' {
  if (phase === 'speaking') return 'speaking';
  if (phase === 'waiting' || phase === 'listening') return 'listening';
  if (phase === 'ready') return 'ready';
  return 'idle';
}

/** The mic button's accessible name and the status line beside it. */
export function micText(
  phase: MicPhase,
  context: { speakerName: string | null; queueSummary: string; handsFree: boolean; talkTo?: string | null },
): { label: string; status: string } {
  const who = context.speakerName ?? 'The session';
  switch (phase) {
    case 'locked':
      return { label: 'Talk (turns the audio on first)', status: 'Audio is off: tap to turn it on.' };
    case 'speaking':
      return { label: 'Interrupt and answer', status: `${who} is speaking. Tap to interrupt.` };
    case 'waiting':
    case 'listening':
      return { label: 'Done talking', status: `Listening for ${who}. Tap when you are done.` };
    case 'ready':
      return { label: `Answer ${who}`, status: `${who} asked you. Tap (or hold Space) to answer.` };
    case 'transcribing':
      return { label: 'Understanding…', status: 'Understanding what you said…' };
    case 'idle':
      if (context.queueSummary !== '') {
        const how = context.handsFree ? 'It plays next.' : 'Tap to hear it.';
        return { label: 'Play the next message', status: `${context.queueSummary}. ${how}` };
      }
      if (context.talkTo !== undefined && context.talkTo !== null) {
        return {
          label: `Talk to ${context.talkTo}`,
          status: context.handsFree
            ? `Hands-free: sessions speak as soon as they ask. Tap (or hold Space) to talk to ${context.talkTo}.`
            : `Nothing is waiting for you. Tap (or hold Space) to talk to ${context.talkTo}.`,
        };
      }
      return {
        label: 'Talk',
        status: context.handsFree
          ? 'Hands-free: sessions speak as soon as they ask.'
          : 'Nothing is waiting for you.',
      };
  }
}

/**
 * The voice bar's words about which voice activity detector tells when the person stopped
 * talking: Silero (a small neural network, robust to noise) or the energy threshold it starts
 * with. Before audio is on nothing has loaded yet, so nothing is promised.
 */
export function vadDescription(
  vad: 'energy' | 'silero',
  upcoming: 'energy' | 'silero' | null,
  audioOn: boolean,
): string {
  if (vad === 'silero') return 'Voice detection: Silero.';
  if (upcoming === 'silero')
    return 'Voice detection: energy threshold; Silero takes over at the next listen.';
  return audioOn
    ? 'Voice detection: energy threshold (Silero is loading, or unavailable in this browser).'
    : 'Voice detection: energy threshold until audio is on.';
}
