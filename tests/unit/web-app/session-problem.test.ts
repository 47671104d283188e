import { describe, expect, it } from 'vitest';
import { rosterRows } from '../../../web/app/state/roster.js';
import { PROBLEM_GRACE_MS, sessionProblem } from '../../../web/app/state/session-problem.js';
import { session } from './fixtures.js';

const LOST = '2026-01-01T10:00:00.000Z';
const lostAt = Date.parse(LOST);

// Issue 12, finding 9: a killed proxy left the session looking healthy while every Switchboard
// tool was gone from Claude.
describe('a session whose proxy is gone', () => {
  const gone = session({ id: 'api', proxyConnected: false, proxyDisconnectedAt: LOST });

  it('says so, with what to do, once it has been gone a moment', () => {
    expect(sessionProblem(gone, lostAt + PROBLEM_GRACE_MS - 1)).toBeNull();
    const problem = sessionProblem(gone, lostAt + 60_000);
    expect(problem?.short).toMatch(/^proxy: disconnected since \S+/);
    expect(problem?.long).toMatch(/Switchboard's tools are gone from api.*type \/mcp/);
  });

  it('is shown in its roster row; a healthy session has none', () => {
    const rows = rosterRows([gone, session({ id: 'ok' })], () => 'idle', lostAt + 60_000);
    expect(rows.map((r) => r.problem)).toEqual([expect.stringMatching(/^proxy: disconnected/), null]);
  });
});
