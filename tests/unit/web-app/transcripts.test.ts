import { describe, expect, it } from 'vitest';
import { TranscriptStore } from '../../../web/app/state/transcripts.js';
import { entry } from './fixtures.js';

describe('transcripts on the page', () => {
  it('merges REST history and live entries by id, in id order, without duplicates', () => {
    const store = new TranscriptStore();
    store.add([entry(5), entry(7, 'web')]);
    store.addHistory('api', [entry(3), entry(4), entry(5)]);
    store.add([entry(6), entry(5)]);
    expect(store.entries('api').map((e) => e.id)).toEqual([3, 4, 5, 6]);
    expect(store.entries('web').map((e) => e.id)).toEqual([7]);
    expect(store.lastId('api')).toBe(6);
    expect(store.lastId('none')).toBeNull();
  });

  it('knows whether a session history came from the hub (live entries alone do not count)', () => {
    const store = new TranscriptStore();
    store.add([entry(1)]);
    expect(store.hasHistory('api')).toBe(false);
    expect(store.addHistory('api', [])).toBe(true); // the first (empty) history is a change: loaded
    expect(store.hasHistory('api')).toBe(true);
    expect(store.addHistory('api', [])).toBe(false);
  });

  it('gives a changed session a new array and leaves the old one alone (components compare by reference)', () => {
    const store = new TranscriptStore();
    store.add([entry(1)]);
    const before = store.entries('api');
    expect(store.add([entry(2)])).toBe(true);
    expect(store.entries('api')).not.toBe(before);
    expect(before.map((e) => e.id)).toEqual([1]);
    expect(store.add([entry(2)])).toBe(false);
  });

  it('keeps only the newest entries of a session', () => {
    const store = new TranscriptStore(3);
    store.add([1, 2, 3, 4, 5].map((id) => entry(id)));
    expect(store.entries('api').map((e) => e.id)).toEqual([3, 4, 5]);
  });

  it('forgets a removed session', () => {
    const store = new TranscriptStore();
    store.addHistory('api', [entry(1)]);
    store.forget('api');
    expect(store.entries('api')).toEqual([]);
    expect(store.hasHistory('api')).toBe(false);
  });
});
