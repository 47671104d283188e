import { describe, expect, it } from 'vitest';
import {
  captionAt,
  captionTimeline,
  locateChunks,
  splitAt,
  type CaptionChunk,
} from '../../../web/app/state/captions.js';

const chunk = (seq: number, durationMs: number, arrivedAt: number, text = `chunk ${seq}`): CaptionChunk => ({
  seq,
  text,
  durationMs,
  arrivedAt,
});

describe('which sentence is playing', () => {
  it('plays chunks back to back when they arrive ahead of time', () => {
    const timeline = captionTimeline([chunk(0, 1000, 0), chunk(1, 500, 100), chunk(2, 800, 200)], 40);
    expect(timeline.map((c) => [c.startAt, c.endAt])).toEqual([
      [40, 1040],
      [1040, 1540],
      [1540, 2340],
    ]);
    expect(captionAt(timeline, 0)).toBeNull();
    expect(captionAt(timeline, 500)?.seq).toBe(0);
    expect(captionAt(timeline, 1040)?.seq).toBe(1);
    expect(captionAt(timeline, 2000)?.seq).toBe(2);
  });

  it('starts a late chunk when it arrives (an underrun), keeping the last one begun meanwhile', () => {
    const timeline = captionTimeline([chunk(0, 300, 0), chunk(1, 300, 1000)], 40);
    expect(timeline[1]).toMatchObject({ startAt: 1040, endAt: 1340 });
    expect(captionAt(timeline, 700)?.seq).toBe(0);
  });

  it('plays in seq order: a chunk that came early waits for the one before it', () => {
    const timeline = captionTimeline([chunk(1, 500, 10), chunk(0, 500, 400)], 40);
    expect(timeline.map((c) => c.seq)).toEqual([0, 1]);
    expect(timeline[0]?.startAt).toBe(440);
    expect(timeline[1]?.startAt).toBe(940);
  });

  it('stops at a missing chunk (the player cannot play past it either)', () => {
    expect(captionTimeline([chunk(0, 100, 0), chunk(2, 100, 0)]).map((c) => c.seq)).toEqual([0]);
    expect(captionTimeline([chunk(1, 100, 0)])).toEqual([]);
  });
});

describe('where a spoken chunk sits in the written message', () => {
  const text = 'The build is **green**. I ran `npm test` twice.\n\nShall I deploy?';

  it('finds each chunk in order, across Markdown and line breaks', () => {
    const ranges = locateChunks(text, ['The build is green.', 'I ran npm test twice.', 'Shall I deploy?']);
    expect(ranges.map((r) => (r === null ? null : text.slice(r.start, r.end)))).toEqual([
      'The build is **green',
      'I ran `npm test` twice',
      'Shall I deploy',
    ]);
  });

  it('skips a chunk that is not in the text (the hand-over announcement, reworded code) and goes on', () => {
    const ranges = locateChunks(text, [
      'web says:',
      'The build is green.',
      'I ran N P M test twice.',
      'Shall I deploy?',
    ]);
    expect(ranges[0]).toBeNull();
    expect(ranges[1]).not.toBeNull();
    expect(ranges[2]).toBeNull();
    expect(text.slice(ranges[3]?.start, ranges[3]?.end)).toBe('Shall I deploy');
  });

  it('highlights the right occurrence of a repeated sentence', () => {
    const repeated = 'Yes. No. Yes.';
    const ranges = locateChunks(repeated, ['Yes.', 'No.', 'Yes.']);
    expect(ranges.map((r) => r?.start)).toEqual([0, 5, 9]);
  });

  it('splits the text around the range', () => {
    expect(splitAt('abcdef', { start: 2, end: 4 })).toEqual(['ab', 'cd', 'ef']);
    expect(splitAt('abc', null)).toEqual(['abc', '', '']);
  });
});
