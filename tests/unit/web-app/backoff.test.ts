import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../web/app/state/backoff.js';

describe('reconnect backoff', () => {
  it('doubles from 250 ms and stays at 5 s', () => {
    const backoff = new Backoff({ jitter: 0 });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoff.attempts).toBe(8);
  });

  it('starts again from 250 ms once a connection held', () => {
    const backoff = new Backoff({ jitter: 0 });
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(250);
  });

  it('spreads delays by the jitter but never beyond the bounds', () => {
    const low = new Backoff({ jitter: 0.2, random: () => 0 });
    const high = new Backoff({ jitter: 0.2, random: () => 0.999999 });
    expect(low.next()).toBe(250); // 200 would be below the initial delay
    expect(low.next()).toBe(400);
    expect(high.next()).toBe(300);
    for (let i = 0; i < 10; i++) expect(high.next()).toBeLessThanOrEqual(5000);
    expect(high.next()).toBe(5000);
  });
});
