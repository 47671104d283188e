// GET /api/sessions/:id/screen: the session's screen as text, for scripts and the MCP screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';
import { screenText, shellSession } from './terminal-client.js';

let t: TestHub;
let shell: Session;
beforeAll(async () => {
  t = await startTestHub();
  shell = await shellSession(t, 'screen');
  // 120 numbered lines: more than the 50-row window holds, so the first ones are history.
  typeLine(
    t.config.tmuxSocket,
    shell.tmuxSession,
    "seq -f 'row-%g' 1 120; printf '\\033[31mred-%s\\033[0m\\n' 42",
  );
  await waitFor('output', async () => /^red-42$/m.test(await screenText(t, shell.id)));
});
afterAll(async () => {
  await t?.dispose();
});

describe('the screen route', () => {
  it('gives the visible screen as plain text by default', async () => {
    const text = await screenText(t, shell.id);
    expect(text).toMatch(/^row-120$/m);
    expect(text).not.toMatch(/^row-1$/m);
    expect(text).not.toContain('\x1b');
    expect(text.split('\n')).toHaveLength(50);
  });

  it('adds N lines of history above the screen with lines=N', async () => {
    const text = await screenText(t, shell.id, '?lines=200');
    expect(text).toMatch(/^row-1$/m);
    expect(text).toMatch(/^row-120$/m);
    const some = await screenText(t, shell.id, '?lines=10');
    expect(some.split('\n')).toHaveLength(60);
  });

  it('keeps colours as ANSI escapes with ansi=1', async () => {
    expect(await screenText(t, shell.id, '?ansi=1')).toContain('\x1b[31mred-42');
  });

  it('refuses bad parameters and unknown sessions, and needs the hub token', async () => {
    expect((await t.api('GET', `/api/sessions/${shell.id}/screen?lines=-1`)).status).toBe(400);
    expect((await t.api('GET', `/api/sessions/${shell.id}/screen?ansi=yes`)).status).toBe(400);
    expect((await t.api('GET', '/api/sessions/nope/screen')).status).toBe(404);
    expect((await t.api('GET', `/api/sessions/${shell.id}/screen`, undefined, null)).status).toBe(401);
  });
});
