// Speech waits for the page to catch up before each chunk (server/voice/speech-sender.ts), so a
// long message never piles up in the hub. Regression: without it, one 3000-character message at
// speed 0.5 put 12.9 MB in the queue of a page that read at loopback speed, and the page socket's
// send budget (8 MiB) closed that healthy page mid-speech.
import { describe, expect, it } from 'vitest';
import type { HubToBrowser } from '../../../protocol/browser.js';
import { speakTurn } from '../../../server/voice/speech-sender.js';
import { newTurn, newTurnId, type Turn } from '../../../server/voice/turn.js';
import type { VoicePeer } from '../../../server/voice/voice-peer.js';
import { FixedCostTts } from '../../support/fixed-cost-engines.js';

class RecordingTts extends FixedCostTts {
  constructor(private readonly events: string[]) {
    super();
  }

  override synthesize(text: string, options: { voice: string; speed: number; signal?: AbortSignal }) {
    this.events.push(`synthesize ${text}`);
    return super.synthesize(text, options);
  }
}

function turnOf(message: string): Turn {
  return newTurn({
    id: newTurnId(),
    sessionId: 's1',
    sessionName: 'alpha',
    callId: 'c1',
    message,
    waiting: false,
    voice: 'af_heart',
    speed: 1,
    queuedAt: 0,
    waitedForFloor: false,
  });
}

function peerOf(events: string[], caughtUp: VoicePeer['caughtUp']): VoicePeer {
  return {
    id: 'p1',
    sendJson: (message: HubToBrowser) => events.push(message.type),
    sendBinary: () => events.push('audio'),
    bufferedBytes: () => 0,
    caughtUp,
  };
}

const deps = (events: string[]) => ({
  tts: new RecordingTts(events),
  ffmpegPath: async () => 'ffmpeg',
  streaming: true,
});

describe('speech pacing', () => {
  it('waits for the page to catch up before synthesizing each chunk', async () => {
    const events: string[] = [];
    const peer = peerOf(events, async () => void events.push('caught up?'));
    await speakTurn(deps(events), turnOf('One. Two. Three.'), { peer, format: 'pcm16', handsFree: false });
    expect(events).toEqual([
      'speak_start',
      ...['One.', 'Two.', 'Three.'].flatMap((text) => [
        'caught up?',
        `synthesize ${text}`,
        'speak_chunk',
        'audio',
      ]),
      'speak_end',
    ]);
  });

  it('stops waiting when the turn is aborted (barge-in, mute, a reply) and ends the speech there', async () => {
    const events: string[] = [];
    const turn = turnOf('One. Two. Three.');
    let waits = 0;
    // The page catches up once, then never again: only the abort can end the second wait.
    const peer = peerOf(events, (signal) => {
      waits++;
      if (waits === 1) return Promise.resolve();
      queueMicrotask(() => turn.abort.abort());
      return new Promise((resolve) => signal?.addEventListener('abort', () => resolve()));
    });
    const outcome = await speakTurn(deps(events), turn, { peer, format: 'pcm16', handsFree: false });
    expect(outcome).toEqual({ chunks: 1, error: null });
    expect(events.filter((e) => e.startsWith('synthesize'))).toEqual(['synthesize One.']);
  });
});
