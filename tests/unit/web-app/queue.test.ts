import { describe, expect, it } from 'vitest';
import {
  announcementFor,
  newlyQueued,
  queueSummary,
  queuedSessionIds,
  shouldFollowSpeaker,
  type QueuedTurn,
} from '../../../web/app/state/queue.js';

const q = (sessionId: string, turnId: string): QueuedTurn => ({
  sessionId,
  turnId,
  waitingSince: '2026-01-01T10:00:00.000Z',
});
const names: Record<string, string> = { a: 'api', w: 'web', d: 'docs', x: 'infra', y: 'mobile' };
const nameOf = (id: string) => names[id] ?? id;

describe('the floor queue as the person hears of it', () => {
  it('names each waiting session once, oldest first', () => {
    const queue = [q('w', 't1'), q('a', 't2'), q('w', 't3')];
    expect(queuedSessionIds(queue)).toEqual(['w', 'a']);
    expect(queueSummary(queue, nameOf)).toBe('web and api are waiting to speak');
    expect(queueSummary([q('d', 't1')], nameOf)).toBe('docs is waiting to speak');
    expect(queueSummary([], nameOf)).toBe('');
  });

  it('shortens a long queue', () => {
    const queue = ['a', 'w', 'd', 'x', 'y'].map((id, i) => q(id, `t${i}`));
    expect(queueSummary(queue, nameOf)).toBe('api, web, docs and 2 more are waiting to speak');
  });

  it('tells which sessions just joined the queue (not the ones already in it)', () => {
    expect(newlyQueued([q('a', 't1')], [q('a', 't1'), q('w', 't2')])).toEqual(['w']);
    expect(newlyQueued([q('a', 't1'), q('w', 't2')], [q('w', 't2')])).toEqual([]);
    // A second question of the same session is news too.
    expect(newlyQueued([q('a', 't1')], [q('a', 't1'), q('a', 't3')])).toEqual(['a']);
  });
});

describe('announcing who speaks', () => {
  const speak = { sessionId: 'w', sessionName: 'web', text: 'Shall I merge?', announce: null };

  it('uses the hub announcement of a hands-free hand-over, without its colon', () => {
    const said = announcementFor({ ...speak, announce: 'web says:' }, 'w');
    expect(said).toEqual({ banner: 'web says…', live: 'web says: Shall I merge?', otherSession: false });
  });

  it('names a session that speaks while another is on screen, even without an announcement', () => {
    expect(announcementFor(speak, 'a')).toEqual({
      banner: 'web says…',
      live: 'web says: Shall I merge?',
      otherSession: true,
    });
  });

  it('shows no banner for the session on screen', () => {
    expect(announcementFor(speak, 'w')).toEqual({
      banner: null,
      live: 'web is speaking',
      otherSession: false,
    });
  });

  it('keeps the live text short', () => {
    const long = announcementFor({ ...speak, text: 'word '.repeat(100) }, 'a');
    expect(long.live.length).toBeLessThan(160);
    expect(long.live.endsWith('…')).toBe(true);
  });
});

describe('following the speaker', () => {
  const base = { speakingId: 'w', selectedId: 'a', personBusy: false };

  it('switches to the session that starts speaking', () => {
    expect(shouldFollowSpeaker(base)).toBe(true);
  });

  it('stays put while the person types or has a dialog open', () => {
    expect(shouldFollowSpeaker({ ...base, personBusy: true })).toBe(false);
  });

  it('always shows a speaker when nothing is on screen, and never moves when it is already shown', () => {
    expect(shouldFollowSpeaker({ ...base, selectedId: null, personBusy: true })).toBe(true);
    expect(shouldFollowSpeaker({ ...base, selectedId: 'w' })).toBe(false);
  });
});
