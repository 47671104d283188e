import { describe, expect, it } from 'vitest';
import { Endpointer, type EndpointEvent, type EndpointerOptions } from '../../../web/audio/endpointer.js';

const FRAME = 32;

/** Runs a probability sequence (one per 32 ms frame); frames are their own index. */
function run(probabilities: number[], options: Partial<EndpointerOptions> = {}) {
  const endpointer = new Endpointer<number>({
    silenceMs: 800,
    minUtteranceMs: 250,
    maxListenMs: 30_000,
    ...options,
  });
  const sent: number[] = [];
  const events: (EndpointEvent & { frame: number })[] = [];
  probabilities.forEach((p, i) => {
    const step = endpointer.push(i, p, i * FRAME);
    sent.push(...step.send);
    events.push(...step.events.map((e) => ({ ...e, frame: i })));
  });
  return { sent, events, phase: endpointer.phase };
}

const frames = (ms: number, p: number) => Array<number>(Math.round(ms / FRAME)).fill(p);

describe('Endpointer', () => {
  it('ends the utterance after silenceMs of non-speech, and sends pre-roll + speech + trailing silence', () => {
    const { sent, events } = run([...frames(640, 0), ...frames(960, 0.9), ...frames(2000, 0)]);
    const start = events.find((e) => e.type === 'speech_start');
    const end = events.find((e) => e.type === 'utterance_end');
    expect(start?.atMs).toBe(640);
    expect(end).toMatchObject({ speechStartMs: 640, speechEndMs: 1600, reason: 'silence' });
    expect(end?.atMs).toBe(1600 + 800);
    // 250 ms pre-roll = 8 frames before the first speech frame (index 20), through the last frame.
    expect(sent[0]).toBe(12);
    expect(sent.at(-1)).toBe(end?.frame);
    expect(sent).toEqual(Array.from({ length: sent.length }, (_, i) => 12 + i));
  });

  it('Regression: a pause shorter than silenceMs does not end the utterance (more speech resets it)', () => {
    const { events } = run([...frames(320, 0.9), ...frames(704, 0), ...frames(320, 0.9), ...frames(1600, 0)]);
    const ends = events.filter((e) => e.type === 'utterance_end');
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ speechStartMs: 0, speechEndMs: 320 + 704 + 320 });
  });

  it('ignores a blip shorter than minUtteranceMs: nothing sent, no end, listening goes on', () => {
    const { sent, events, phase } = run([...frames(96, 0.95), ...frames(3000, 0)]);
    expect(sent).toEqual([]);
    expect(events).toEqual([]);
    expect(phase).toBe('idle');
  });

  it('a blip followed by real speech starts an utterance whose pre-roll holds the blip tail', () => {
    const { events, sent } = run([
      ...frames(96, 0.95),
      ...frames(1000, 0),
      ...frames(640, 0.9),
      ...frames(900, 0),
    ]);
    const start = events.find((e) => e.type === 'speech_start');
    expect(start?.atMs).toBe(Math.round(1096 / FRAME) * FRAME);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('confirms speech only once minUtteranceMs of it is voiced, then sends what it held', () => {
    const probabilities = [...frames(320, 0), ...frames(640, 0.9), ...frames(1000, 0)];
    const { events } = run(probabilities, { minUtteranceMs: 256 });
    const start = events.find((e) => e.type === 'speech_start');
    // Voiced frames 10..17 make 256 ms: confirmed on frame 17, dated from frame 10.
    expect(start).toMatchObject({ atMs: 320, frame: 17 });
  });

  it('hysteresis: starts above 0.5, continues above 0.35, drops below it', () => {
    // 0.45 cannot start speech...
    expect(run([...frames(1000, 0.45), ...frames(1000, 0)]).events).toEqual([]);
    // ...but keeps it going once started.
    const { events } = run([...frames(320, 0.9), ...frames(1600, 0.45), ...frames(1000, 0.2)]);
    expect(events.find((e) => e.type === 'utterance_end')).toMatchObject({ speechEndMs: 320 + 1600 });
  });

  it('hysteresis: after falling silent, 0.45 does not resume speech or reset the silence', () => {
    const { events } = run([...frames(320, 0.9), ...frames(320, 0.1), ...frames(1000, 0.45)]);
    expect(events.find((e) => e.type === 'utterance_end')).toMatchObject({
      speechEndMs: 320,
      atMs: 320 + 800,
    });
  });

  it('no_speech when nobody speaks within maxListenMs', () => {
    const { events, phase } = run(frames(6000, 0.05), { maxListenMs: 5000 });
    expect(events).toEqual([{ type: 'no_speech', atMs: 5024, frame: 156 }]);
    expect(phase).toBe('done');
  });

  it('maxListenMs also caps one utterance that never pauses', () => {
    const { events, sent } = run([...frames(320, 0), ...frames(8000, 0.9)], { maxListenMs: 3000 });
    const end = events.find((e) => e.type === 'utterance_end');
    expect(end).toMatchObject({ reason: 'max_length', speechStartMs: 320 });
    expect(end!.atMs - 320).toBeGreaterThanOrEqual(3000);
    expect(end!.atMs - 320).toBeLessThan(3000 + FRAME);
    expect(sent.at(-1)).toBe(end?.frame);
  });

  it('Regression: speech still being judged at maxListenMs is not cut off as no_speech', () => {
    // A real word begins 100 ms before the limit: it must be heard out, not dropped.
    const { events } = run([...frames(4896, 0), ...frames(640, 0.9), ...frames(1000, 0)], {
      maxListenMs: 5000,
    });
    expect(events.map((e) => e.type)).toEqual(['speech_start', 'utterance_end']);
  });

  it('does nothing after it is done', () => {
    const endpointer = new Endpointer<number>({ silenceMs: 64, minUtteranceMs: 0, maxListenMs: 10_000 });
    endpointer.push(0, 0.9, 0);
    endpointer.push(1, 0, 32);
    expect(endpointer.push(2, 0, 64).events[0]?.type).toBe('utterance_end');
    expect(endpointer.push(3, 0.9, 96)).toEqual({ send: [], events: [] });
  });
});
