// A terminal viewer as a test (or the benchmark) sees it: a real `ws` client on the bridge.
import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import type { Session } from '../../../protocol/session.js';
import { hubToTerminalSchema, type HubToTerminal, type TerminalTicket } from '../../../protocol/terminal.js';
import { waitFor, type TestHub } from '../../support/hub-harness.js';

/** CSI, OSC and two-byte escapes: what is left is the text a person would read. */
// eslint-disable-next-line no-control-regex -- matching terminal control bytes is the point
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-Z\\-_])/g;

export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, '');
}

export type Viewer = {
  socket: WebSocket;
  messages: HubToTerminal[];
  /** Every output byte so far, decoded as UTF-8. */
  output(): string;
  type(text: string): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
};

export async function ticketFor(t: TestHub, sessionId: string, write = false): Promise<TerminalTicket> {
  const response = await t.api('POST', `/api/sessions/${sessionId}/terminal-ticket`, { write });
  if (response.status !== 201) throw new Error(`ticket: ${response.status} ${await response.text()}`);
  return (await response.json()) as TerminalTicket;
}

/** Opens the socket at `path` (the ticket's url); resolves once it is open, or closed first. */
export async function openViewer(
  t: TestHub,
  path: string,
  options: { origin?: string } = {},
): Promise<Viewer> {
  const url = t.url.replace(/^http/, 'ws') + path;
  const socket = new WebSocket(
    url,
    options.origin === undefined ? {} : { headers: { origin: options.origin } },
  );
  const chunks: Buffer[] = [];
  const messages: HubToTerminal[] = [];
  socket.on('message', (data, isBinary) => {
    const bytes = data as Buffer;
    if (isBinary) chunks.push(bytes);
    else messages.push(hubToTerminalSchema.parse(JSON.parse(bytes.toString('utf8'))));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    output: () => Buffer.concat(chunks).toString('utf8'),
    type: (text) => socket.send(Buffer.from(text, 'utf8'), { binary: true }),
    closed,
    close: () => socket.close(),
  };
}

/** A ticket and a socket in one go; waits for the hello frame. */
export async function attach(t: TestHub, sessionId: string, write = false, size = { cols: 100, rows: 30 }) {
  const ticket = await ticketFor(t, sessionId, write);
  const viewer = await openViewer(t, `${ticket.url}&cols=${size.cols}&rows=${size.rows}`);
  await waitFor('hello', () => viewer.messages.some((m) => m.type === 'hello'), 10_000);
  return viewer;
}

/** Waits until the viewer's text (escapes stripped) matches. */
export function waitForText(viewer: Viewer, pattern: RegExp, timeoutMs = 10_000): Promise<true> {
  return waitFor(`output ${pattern}`, () => pattern.test(stripAnsi(viewer.output())), timeoutMs);
}

/** bash without rc files, with a known prompt (root's would be "#"). */
export const BASH = "PS1='sb$ ' exec bash --norc --noprofile";

/** A shell-only session running bash, ready to type into. */
export async function shellSession(t: TestHub, name: string, command = BASH) {
  const response = await t.api('POST', '/api/sessions', { name, command });
  if (response.status !== 201) throw new Error(`spawn: ${response.status} ${await response.text()}`);
  const { session } = (await response.json()) as { session: Session };
  // The shell's first prompt is on screen: keys typed from now on reach it.
  await waitFor('the shell prompt', async () => /^sb\$/m.test(await screenText(t, session.id)));
  return session;
}

export async function screenText(t: TestHub, sessionId: string, query = ''): Promise<string> {
  const response = await t.api('GET', `/api/sessions/${sessionId}/screen${query}`);
  if (response.status !== 200) throw new Error(`screen: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { text: string }).text;
}

/** A tmux format for the session's window (e.g. its size), straight from the hub's tmux server. */
export function windowFormat(t: TestHub, session: Session, format: string): string {
  return execFileSync(
    'tmux',
    ['-L', t.config.tmuxSocket, 'display-message', '-p', '-t', `=${session.tmuxSession}:`, format],
    { encoding: 'utf8' },
  ).trim();
}
