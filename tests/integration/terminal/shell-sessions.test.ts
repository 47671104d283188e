// Shell-only sessions: `POST /api/sessions {command}` runs a plain command line in the session's
// tmux window instead of Claude Code (for a plain terminal in the page, and for these tests).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';
import { screenText } from './terminal-client.js';

let t: TestHub;
beforeAll(async () => {
  // No Claude Code at all: a shell-only session must not need it.
  t = await startTestHub({ claudeBin: '/nonexistent/claude' });
});
afterAll(async () => {
  await t?.dispose();
});

async function spawn(body: object): Promise<{ status: number; session?: Session; error?: unknown }> {
  const response = await t.api('POST', '/api/sessions', body);
  const json = (await response.json()) as { session?: Session; error?: unknown };
  return { status: response.status, ...json };
}

describe('shell-only sessions', () => {
  it('run the command in the session window, ready at once, with no proxy files', async () => {
    const { status, session } = await spawn({ command: 'echo shell-$((6*7)); exec sleep 600' });
    expect(status).toBe(201);
    expect(session).toMatchObject({ name: 'shell', state: 'ready' });
    await waitFor('output', async () => /^shell-42$/m.test(await screenText(t, session!.id)));
    expect(existsSync(join(t.config.dataDir, 'sessions', session!.id))).toBe(false);
    // A second one gets a name of its own.
    const second = await spawn({ command: 'exec sleep 600' });
    expect(second.session?.name).toBe('shell-2');
  });

  it('refuse an empty command, and prompt or model alongside one', async () => {
    expect((await spawn({ command: '' })).status).toBe(400);
    const both = await spawn({ command: 'bash', prompt: 'hello' });
    expect(both.status).toBe(400);
    expect(both.error).toMatchObject({ issues: [{ path: 'command' }] });
    expect((await spawn({ command: 'bash', model: 'sonnet' })).status).toBe(400);
  });

  it('still need Claude Code without a command', async () => {
    const { status } = await spawn({ name: 'needs-claude' });
    expect(status).toBe(503);
  });

  it('say the command exited, with its status (not Claude Code)', async () => {
    // Regression: a shell-only session that ended read "Claude Code exited with status 3".
    const { session } = await spawn({ name: 'exits', command: 'exit 3' });
    const exited = await waitFor('the exit', async () => {
      const s = ((await (await t.api('GET', `/api/sessions/${session!.id}`)).json()) as { session: Session })
        .session;
      return s.state === 'exited' ? s : undefined;
    });
    // tmux 3.3a does not always know the status: about 4 exits in 10 here report none at all
    // (`pane_dead_status` stays empty, whatever the config), so the status is said when known.
    expect(exited.exitReason).toMatch(/^the command exited( with status 3)?$/);
  });

  it('keep a command line that ends in ";" whole', async () => {
    // Regression: tmux ends a command at an argument ending in ";", so this one lost its ";"
    // (the shell then printed "tail-5\").
    // The trap keeps the shell a moment after the echo: tmux 3.3a can drop the last output of a
    // program that exits at once (seen in about 1 run in 10, with or without -u).
    const { session } = await spawn({
      name: 'semicolon',
      command: "trap 'sleep 1' EXIT; echo tail-$((2+3))\\;",
    });
    // The command has exited: tmux's "Pane is dead" line scrolled its output into the history.
    await waitFor('output', async () => /^tail-5;$/m.test(await screenText(t, session!.id, '?lines=100')));
  });
});
