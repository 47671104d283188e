import { describe, expect, it } from 'vitest';
import {
  interruptAction,
  micButtonState,
  micText,
  tapAction,
  vadDescription,
} from '../../../web/app/state/mic.js';

describe('the mic button', () => {
  it('turns audio on first, then barges in, ends the utterance, or plays what waits', () => {
    expect(tapAction('locked', 3)).toBe('enable_audio');
    expect(tapAction('speaking', 0)).toBe('barge_in');
    expect(tapAction('listening', 0)).toBe('end_utterance');
    expect(tapAction('waiting', 0)).toBe('end_utterance');
    expect(tapAction('transcribing', 2)).toBe('none');
    expect(tapAction('idle', 1)).toBe('play_next');
    expect(tapAction('idle', 0)).toBe('explain_idle');
  });

  // Issue 13, point 4: with nothing waiting the mic said "No session is waiting for you".
  it('talks to the session on screen when nothing waits, and answers a question held for a tap', () => {
    expect(tapAction('idle', 0, true)).toBe('dictate');
    expect(tapAction('idle', 2, true)).toBe('play_next'); // what waits comes first
    expect(tapAction('ready', 0, true)).toBe('answer');
    expect(interruptAction('ready')).toBe('cancel_listen');
    expect(micButtonState('ready')).toBe('ready');
    expect(micText('ready', { speakerName: 'api', queueSummary: '', handsFree: false }).status).toMatch(
      /api asked you\. Tap \(or hold Space\) to answer/,
    );
    expect(micText('idle', { speakerName: null, queueSummary: '', handsFree: false, talkTo: 'web' })).toEqual(
      { label: 'Talk to web', status: expect.stringMatching(/Tap \(or hold Space\) to talk to web/) },
    );
  });

  it('interrupts speech by barging in and stops a listen without an answer', () => {
    expect(interruptAction('speaking')).toBe('barge_in');
    expect(interruptAction('listening')).toBe('cancel_listen');
    expect(interruptAction('idle')).toBe('none');
    expect(interruptAction('locked')).toBe('none');
  });

  it('reports only idle, speaking, listening or ready to the page (the test contract)', () => {
    expect(micButtonState('locked')).toBe('idle');
    expect(micButtonState('transcribing')).toBe('idle');
    expect(micButtonState('waiting')).toBe('listening');
    expect(micButtonState('speaking')).toBe('speaking');
  });

  it('never names itself like the "Enable audio" button (one accessible name, one button)', () => {
    for (const phase of [
      'locked',
      'idle',
      'speaking',
      'waiting',
      'ready',
      'listening',
      'transcribing',
    ] as const) {
      const { label } = micText(phase, { speakerName: 'api', queueSummary: '', handsFree: true });
      expect(label.toLowerCase()).not.toContain('enable audio');
    }
  });

  it('says who speaks and what waits', () => {
    const ctx = { speakerName: 'api', queueSummary: 'web is waiting to speak', handsFree: false };
    expect(micText('speaking', ctx).status).toBe('api is speaking. Tap to interrupt.');
    expect(micText('idle', ctx)).toEqual({
      label: 'Play the next message',
      status: 'web is waiting to speak. Tap to hear it.',
    });
  });

  it('names the voice activity detector in use, and the one about to take over', () => {
    expect(vadDescription('silero', null, true)).toBe('Voice detection: Silero.');
    expect(vadDescription('energy', 'silero', true)).toMatch(
      /energy threshold; Silero takes over at the next listen/,
    );
    expect(vadDescription('energy', null, true)).toMatch(/Silero is loading, or unavailable/);
    expect(vadDescription('energy', null, false)).toMatch(/until audio is on/);
  });
});
