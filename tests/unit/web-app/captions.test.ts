import { describe, expect, it } from 'vitest';
import type { TextRange } from '../../../protocol/voice.js';
import {
  captionAt,
  captionTimeline,
  spokenRange,
  type CaptionChunk,
} from '../../../web/app/state/captions.js';

const chunk = (
  seq: number,
  durationMs: number,
  arrivedAt: number,
  text = `chunk ${seq}`,
  source: TextRange | null = null,
): CaptionChunk => ({ seq, text, durationMs, arrivedAt, source });

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

describe('which part of the written message is highlighted', () => {
  // Issue 13, point 3: the highlight was found by matching the spoken words in the text, so a
  // sentence spoken differently (a URL read as "a link to example.com") had none.
  const message = 'Done. See https://example.com/a/b for the log. Shall I ship?';
  const timeline = captionTimeline(
    [
      chunk(0, 100, 0, 'api says:', null),
      chunk(1, 500, 0, 'Done.', { start: 0, end: 5 }),
      chunk(2, 900, 0, 'See a link to example.com for the log.', { start: 6, end: 46 }),
      chunk(3, 500, 0, 'Shall I ship?', { start: 47, end: 60 }),
    ],
    0,
  );
  const highlighted = (now: number) => {
    const range = spokenRange(timeline, now);
    return range === null ? null : message.slice(range.start, range.end);
  };

  it("is the playing chunk's source range, also when its spoken form differs from the text", () => {
    expect(highlighted(300)).toBe('Done.');
    expect(highlighted(1000)).toBe('See https://example.com/a/b for the log.');
    expect(highlighted(1600)).toBe('Shall I ship?');
  });

  it('is nothing before playback and during words not in the message (the announcement)', () => {
    expect(spokenRange(captionTimeline([chunk(0, 100, 1000)], 40), 0)).toBeNull();
    expect(highlighted(50)).toBeNull();
  });
});
