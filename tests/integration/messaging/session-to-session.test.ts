// Two sessions running the stand-in CLI message each other through their MCP proxies on a real
// hub: send_message, read_inbox and list_sessions, typed into their terminals as prompts. alpha
// and beta work in two folders both named "api", so "api" is an ambiguous address.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../protocol/messages.js';
import type { HubToProxy } from '../../../protocol/proxy.js';
import type { Session } from '../../../protocol/session.js';
import { screenOf, startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';
import { connectAsProxy } from '../../support/proxy-link.js';

let t: TestHub;
let parent: string;
let alpha: Session;
let beta: Session;

beforeAll(async () => {
  t = await startTestHub();
  parent = mkdtempSync(join(tmpdir(), 'sb-s2s-'));
  alpha = await spawn('alpha', join(parent, 'one', 'api'));
  beta = await spawn('beta', join(parent, 'two', 'api'));
  for (const s of [alpha, beta]) {
    await waitFor(`${s.name} ready with its proxy connected`, async () => {
      const current = await session(s.id);
      return current.state === 'ready' && current.proxyConnected;
    });
  }
});

afterAll(async () => {
  await t?.dispose();
  if (parent !== undefined) rmSync(parent, { recursive: true, force: true });
});

async function spawn(name: string, cwd: string): Promise<Session> {
  mkdirSync(cwd, { recursive: true });
  const created = await t.api('POST', '/api/sessions', { name, cwd });
  expect(created.status, await created.clone().text()).toBe(201);
  return ((await created.json()) as { session: Session }).session;
}

async function session(id: string): Promise<Session> {
  const response = await t.api('GET', `/api/sessions/${id}`);
  return ((await response.json()) as { session: Session }).session;
}

async function events(name: string, since: number): Promise<{ events: TimelineEvent[]; last: number }> {
  const response = await t.api('GET', `/api/events?session=${name}&since=${since}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { events: TimelineEvent[]; last: number };
}

async function cursor(): Promise<number> {
  return (await events(alpha.name, 0)).last;
}

function screen(s: Session): string {
  return screenOf(t.config.tmuxSocket, s.tmuxSession);
}

/** Types `line` into the session as a prompt and returns the turn's reply (its outbound event). */
async function prompt(s: Session, line: string): Promise<string> {
  const since = await cursor();
  typeLine(t.config.tmuxSocket, s.tmuxSession, line);
  const reply = await waitFor(`${s.name}'s reply to "${line}"`, async () =>
    (await events(s.name, since)).events.find((e) => e.kind === 'message_out'),
  );
  await waitFor(`${s.name} idle again`, async () => (await session(s.id)).state === 'idle');
  return String(reply.data.text);
}

/** The tool's answer in a reply the stand-in printed as `answer: <tool text>`. */
function answerOf(reply: string): string {
  expect(reply.startsWith('answer: '), reply).toBe(true);
  return reply.slice('answer: '.length);
}

describe('session-to-session messaging through the proxies', () => {
  it('lists the other sessions, not the caller', async () => {
    const { sessions } = JSON.parse(answerOf(await prompt(alpha, 'sessions'))) as {
      sessions: Array<{ id: string; name: string; folder: string; state: string; status: string | null }>;
    };
    expect(sessions).toEqual([
      { id: beta.id, name: 'beta', folder: beta.cwd, state: expect.any(String), status: null },
    ]);
  });

  it('holds a task from a session as a note, and says so, until the person lets the receiver take them', async () => {
    const since = await cursor();
    const held = JSON.parse(answerOf(await prompt(alpha, 'send beta task Please delete the branch.'))) as {
      kind: string;
      waits: boolean;
      delivery: string;
    };
    expect(held).toMatchObject({ kind: 'note', waits: true });
    expect(held.delivery).toMatch(
      /Not typed in: beta takes tasks from other sessions only when the person allows it/,
    );
    const timeline = (await events('beta', since)).events;
    expect(timeline.find((e) => e.kind === 'message_in')?.data).toMatchObject({
      kind: 'note',
      asked: 'task',
    });
    expect(timeline.some((e) => e.kind === 'message_delivered')).toBe(false);
    // It reaches beta with its next turn, as any note.
    expect(JSON.parse(answerOf(await prompt(beta, 'inbox')))).toEqual({ messages: [] });
    expect(screen(beta)).toContain('Please delete the branch.');
  });

  it('types a task into an idle receiver that takes them, from its sender, and records it on the timeline', async () => {
    const allowed = await t.api('PUT', `/api/sessions/${beta.id}/session-tasks`, { accept: true });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { session: Session }).session.acceptsSessionTasks).toBe(true);
    const since = await cursor();
    const sent = JSON.parse(answerOf(await prompt(alpha, 'send beta task Please run the unit tests.'))) as {
      messageId: number;
      to: { id: string; name: string };
      kind: string;
      waits: boolean;
    };
    expect(sent).toMatchObject({ to: { id: beta.id, name: 'beta' }, kind: 'task', waits: false });

    const header = `[task from alpha, message ${sent.messageId}]`;
    const echoed = await waitFor("beta's turn for the task", async () =>
      (await events('beta', since)).events.find(
        (e) => e.kind === 'message_out' && String(e.data.text).includes('Please run the unit tests.'),
      ),
    );
    expect(String(echoed.data.text)).toBe(`echo: ${header}\nPlease run the unit tests.`);
    await waitFor('beta idle after the task', async () => (await session(beta.id)).state === 'idle');
    expect(screen(beta).split(`echo: ${header}`)).toHaveLength(2);

    const timeline = (await events('beta', since)).events;
    const messageIn = timeline.findIndex((e) => e.kind === 'message_in');
    const delivered = timeline.findIndex((e) => e.kind === 'message_delivered');
    expect(timeline[messageIn]?.data).toEqual({
      from: 'alpha',
      fromSessionId: alpha.id,
      kind: 'task',
      text: 'Please run the unit tests.',
    });
    expect(timeline[delivered]?.data).toEqual({ ids: [sent.messageId], how: 'typed' });
    expect(messageIn).toBeGreaterThanOrEqual(0);
    expect(delivered).toBeGreaterThan(messageIn);
  });

  it('holds a note for an idle receiver until its next turn, and hands it over once (addressed by id)', async () => {
    const since = await cursor();
    const sent = JSON.parse(answerOf(await prompt(alpha, `send ${beta.id} note The deploy is at five.`))) as {
      messageId: number;
      waits: boolean;
    };
    expect(sent.waits).toBe(true);

    // A task would be typed in within milliseconds; a note must still wait after a second.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(screen(beta)).not.toContain('The deploy is at five.');
    const kinds = (await events('beta', since)).events.map((e) => e.kind);
    expect(kinds.filter((kind) => kind.startsWith('message_'))).toEqual(['message_in']);
    expect((await session(beta.id)).state).toBe('idle');

    // The next turn's UserPromptSubmit hook hands the note over; read_inbox then finds nothing left.
    const reply = await prompt(beta, 'inbox');
    expect(JSON.parse(answerOf(reply))).toEqual({ messages: [] });
    expect(screen(beta)).toContain(`context: [note from alpha, message ${sent.messageId}]`);
    expect(screen(beta).split('The deploy is at five.')).toHaveLength(2);
    const delivered = (await events('beta', since)).events.filter((e) => e.kind === 'message_delivered');
    expect(delivered.map((e) => e.data)).toEqual([{ ids: [sent.messageId], how: 'turn' }]);
  });

  it('refuses an ambiguous folder name with both candidates, and an unknown target', async () => {
    const since = await cursor();
    const ambiguous = answerOf(await prompt(alpha, 'send api task Who owns this?'));
    expect(ambiguous).toContain('"api" matches several sessions');
    for (const s of [alpha, beta]) expect(ambiguous).toContain(`${s.name} (id ${s.id}, ${s.cwd})`);

    const unknown = answerOf(await prompt(alpha, 'send ghost note hello'));
    expect(unknown).toMatch(/No session "ghost" \(by id, name or folder\)/);
    expect((await events('beta', since)).events.filter((e) => e.kind === 'message_in')).toEqual([]);
  });

  // Last: this connection takes over beta's proxy link (its proxy stops for good).
  it("answers beta's own proxy socket: errors as isError results, inbox reads, a re-sent call once", async () => {
    const link = await connectAsProxy(t, beta);
    try {
      const ambiguous = await link.call({
        type: 'send_message',
        callId: 'c-1',
        to: 'api',
        body: 'x',
        kind: 'task',
      });
      expect(ambiguous).toMatchObject({ type: 'result', isError: true });
      const unknown = await link.call({
        type: 'send_message',
        callId: 'c-2',
        to: 'ghost',
        body: 'x',
        kind: 'task',
      });
      expect(unknown).toMatchObject({ type: 'result', isError: true, text: expect.stringMatching(/ghost/) });

      const note = {
        type: 'send_message',
        callId: 'c-3',
        to: 'beta',
        body: 'Note to self.',
        kind: 'note',
      } as const;
      const first = await link.call(note);
      // A re-sent callId (after a lost connection) is answered from memory, not sent again.
      expect(await link.call(note)).toEqual(first);
      const { messageId } = JSON.parse(resultText(first)) as { messageId: number };

      const read = await link.call({ type: 'read_inbox', callId: 'c-4' });
      const { messages } = JSON.parse(resultText(read)) as { messages: Array<Record<string, unknown>> };
      expect(messages).toEqual([
        {
          id: messageId,
          from: 'beta',
          fromSessionId: beta.id,
          kind: 'note',
          text: 'Note to self.',
          sentAt: expect.any(String),
        },
      ]);
      expect(await link.call({ type: 'read_inbox', callId: 'c-4' })).toEqual(read);
      expect(JSON.parse(resultText(await link.call({ type: 'read_inbox', callId: 'c-5' })))).toEqual({
        messages: [],
      });

      link.sendRaw(JSON.stringify({ type: 'send_message', callId: 'c-6', to: 'alpha' }));
      expect(await link.answer('c-6')).toMatchObject({ type: 'error', code: 'bad_frame' });
    } finally {
      link.close();
    }
  });
});

function resultText(frame: HubToProxy): string {
  if (frame.type !== 'result' || frame.isError)
    throw new Error(`not a successful result: ${JSON.stringify(frame)}`);
  return frame.text;
}
