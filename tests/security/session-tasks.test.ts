// Finding 1 of issue 12: a session ran shell commands with no permission prompt. Every
// Switchboard tool was pre-allowed, send_message included, and a `task` was typed into any idle
// session, shell-only ones too: `send_message {to: <shell>, body: "id > marker.txt", kind:
// "task"}` ran `id` as the hub's user. Now a session's task is a note unless the person let the
// receiver take tasks from sessions, and never reaches a shell; the person's own tasks still do.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../protocol/messages.js';
import type { HubToProxy } from '../../protocol/proxy.js';
import type { Session } from '../../protocol/session.js';
import { screenOf, spawnReady, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';
import { connectAsProxy } from '../support/proxy-link.js';

let t: TestHub;
let folder: string;
let alpha: Session;
let shell: Session;

beforeAll(async () => {
  t = await startTestHub();
  folder = mkdtempSync(join(tmpdir(), 'sb-tasks-'));
  alpha = await spawnReady(t, 'alpha');
  const created = await t.api('POST', '/api/sessions', {
    name: 'shell',
    cwd: folder,
    command: 'bash --norc',
  });
  expect(created.status).toBe(201);
  shell = ((await created.json()) as { session: Session }).session;
  await waitFor('a bash prompt', () =>
    /bash-[\d.]+[$#]/.test(screenOf(t.config.tmuxSocket, shell.tmuxSession)),
  );
});

afterAll(async () => {
  await t?.dispose();
  rmSync(folder, { recursive: true, force: true });
});

function answer(frame: HubToProxy): { kind: string; waits: boolean; delivery: string } {
  if (frame.type !== 'result' || frame.isError) throw new Error(`not a result: ${JSON.stringify(frame)}`);
  return JSON.parse(frame.text) as { kind: string; waits: boolean; delivery: string };
}

describe("a session's task", () => {
  it('never runs in a shell-only session; the person’s own task still does', async () => {
    const link = await connectAsProxy(t, alpha);
    try {
      const sent = answer(
        await link.call({
          type: 'send_message',
          callId: 'x1',
          to: 'shell',
          body: 'id > marker.txt',
          kind: 'task',
        }),
      );
      expect(sent).toMatchObject({ kind: 'note', waits: true });
      expect(sent.delivery).toMatch(/shell-only session.*never takes tasks from other sessions/);
    } finally {
      link.close();
    }
    // The person's task wakes the shell: it is typed in (the sentinel), alone and as written.
    const mine = await t.api('POST', `/api/sessions/${shell.id}/messages`, {
      text: 'echo person-was-here > person.txt',
    });
    expect(mine.status).toBe(201);
    await waitFor('the person’s command ran', () => existsSync(join(folder, 'person.txt')));
    expect(readFileSync(join(folder, 'person.txt'), 'utf8')).toBe('person-was-here\n');
    expect(existsSync(join(folder, 'marker.txt'))).toBe(false);
    const screen = screenOf(t.config.tmuxSocket, shell.tmuxSession);
    expect(screen).not.toContain('marker.txt');
    expect(screen).not.toContain('[task from');
    // Alpha's message waits in the shell's inbox, where a person or script can read it.
    const { messages } = (await (await t.api('GET', `/api/sessions/${shell.id}/messages`)).json()) as {
      messages: InboxMessage[];
    };
    expect(messages.find((m) => m.text === 'id > marker.txt')).toMatchObject({
      kind: 'note',
      deliveredAt: null,
    });
  });

  it('cannot be let into a shell-only session', async () => {
    const refused = await t.api('PUT', `/api/sessions/${shell.id}/session-tasks`, { accept: true });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/shell-only/);
    const spawned = await t.api('POST', '/api/sessions', { command: 'bash', acceptsSessionTasks: true });
    expect(spawned.status).toBe(400);
  });

  it('is typed into a Claude Code session only once the person allowed tasks from sessions', async () => {
    const beta = await spawnReady(t, 'beta');
    const link = await connectAsProxy(t, alpha);
    try {
      const held = answer(
        await link.call({
          type: 'send_message',
          callId: 'y1',
          to: 'beta',
          body: 'Tag a release.',
          kind: 'task',
        }),
      );
      expect(held).toMatchObject({ kind: 'note', waits: true });
      expect((await t.api('PUT', `/api/sessions/${beta.id}/session-tasks`, { accept: true })).status).toBe(
        200,
      );
      const typed = answer(
        await link.call({
          type: 'send_message',
          callId: 'y2',
          to: 'beta',
          body: 'Run the tests.',
          kind: 'task',
        }),
      );
      expect(typed).toMatchObject({ kind: 'task', waits: false });
    } finally {
      link.close();
    }
    await waitFor('the task typed into beta', () =>
      screenOf(t.config.tmuxSocket, beta.tmuxSession).includes('Run the tests.'),
    );
  });
});
