import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { InboxMessage, TimelineEvent } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import type { HubClient } from './hub-client.js';
import { openInBrowser } from './open-browser.js';

/** An option as parseArgs takes it, with the words `--help` shows for it. */
type OptionSpec = { type: 'string' | 'boolean'; value?: string; help: string };

/**
 * One `switchboard` command: what it takes, said once, for both parsing and `--help` (they cannot
 * drift), and what it does against the hub.
 */
export type Command = {
  name: string;
  /** The positionals, as the usage line shows them (`<session> TEXT`). */
  args: string;
  summary: string;
  /** More lines for `switchboard <command> --help`. */
  details?: string;
  options: Record<string, OptionSpec>;
  /** How many positionals it takes at least and at most. */
  positionals: [number, number];
  run(
    client: HubClient,
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
  ): Promise<void>;
};

const session = (client: HubClient, ref: string | undefined) => client.resolve(ref ?? '');

export const COMMANDS: readonly Command[] = [
  {
    name: 'spawn',
    args: '',
    summary: 'start a session (Claude Code in tmux)',
    options: {
      cwd: { type: 'string', value: 'DIR', help: 'its folder (default: a new one in the data dir)' },
      name: { type: 'string', value: 'NAME', help: 'its name (default: from the folder)' },
      voice: { type: 'string', value: 'VOICE', help: 'the voice it speaks with' },
      model: { type: 'string', value: 'MODEL', help: "Claude Code's --model" },
      prompt: { type: 'string', value: 'TEXT', help: 'its first prompt' },
      'accept-session-tasks': {
        type: 'boolean',
        help: "type other sessions' tasks in (by default they wait in its inbox as notes)",
      },
    },
    positionals: [0, 0],
    async run(client, values) {
      const { 'accept-session-tasks': acceptsSessionTasks, ...fields } = values;
      const body = {
        ...fields,
        ...(typeof values.cwd === 'string' ? { cwd: expandCwd(values.cwd) } : {}),
        ...(acceptsSessionTasks === true ? { acceptsSessionTasks } : {}),
      };
      const { session: made } = await client.request<{ session: Session }>('POST', '/api/sessions', body);
      console.log(`spawned ${made.name} (${made.id}) in ${made.cwd}`);
    },
  },
  {
    name: 'open',
    args: '',
    summary: "log this machine's browser in: a single-use login link, opened",
    options: { print: { type: 'boolean', help: 'only print the link' } },
    positionals: [0, 0],
    async run(client, values) {
      const { path } = await client.request<{ path: string }>('POST', '/api/login-codes');
      const url = `${client.baseUrl}${path}`;
      console.log(url);
      const opened = values.print !== true && (await openInBrowser(url, process.env));
      console.error(
        opened
          ? 'opened in your browser (the link works once, for 10 minutes)'
          : 'open this link in a browser on this machine (it works once, for 10 minutes)',
      );
    },
  },
  {
    name: 'list',
    args: '',
    summary: 'list the running sessions',
    options: {
      past: { type: 'boolean', help: 'list the exited ones instead (Past sessions), last ended first' },
    },
    positionals: [0, 0],
    async run(client, values) {
      const past = values.past === true;
      const { sessions } = await client.request<{ sessions: Session[] }>(
        'GET',
        `/api/sessions?state=${past ? 'exited' : 'live'}`,
      );
      printTable(sessions, past);
    },
  },
  {
    name: 'stop',
    args: '<session>',
    summary: 'stop a session: its folder and history stay (list --past, resume)',
    options: {},
    positionals: [1, 1],
    async run(client, _values, [ref]) {
      const found = await session(client, ref);
      const { session: stopped } = await client.request<{ session: Session }>(
        'DELETE',
        `/api/sessions/${found.id}`,
      );
      console.log(
        `stopped ${stopped.name} (${stopped.id})${stopped.resumable ? ': switchboard resume can continue it' : ''}`,
      );
    },
  },
  {
    name: 'resume',
    args: '<session>',
    summary: "continue an exited session's conversation (claude --resume) in its folder",
    options: { prompt: { type: 'string', value: 'TEXT', help: 'a prompt to go on with' } },
    positionals: [1, 1],
    async run(client, values, [ref]) {
      const found = await session(client, ref);
      const body = typeof values.prompt === 'string' ? { prompt: values.prompt } : {};
      const { session: resumed } = await client.request<{ session: Session }>(
        'POST',
        `/api/sessions/${found.id}/resume`,
        body,
      );
      console.log(`resumed ${resumed.name} (${resumed.id}) in ${resumed.cwd}`);
    },
  },
  {
    name: 'forget',
    args: '<session>',
    summary: 'stop a session and delete its history for good (its folder stays)',
    options: {},
    positionals: [1, 1],
    async run(client, _values, [ref]) {
      const found = await session(client, ref);
      await client.request('DELETE', `/api/sessions/${found.id}?forget=1`);
      console.log(`forgot ${found.name} (${found.id}); its folder ${found.cwd} stays`);
    },
  },
  {
    name: 'reply',
    args: '<session> TEXT',
    summary: "answer a session's waiting converse with text",
    options: {},
    positionals: [2, Infinity],
    async run(client, _values, [ref, ...words]) {
      const found = await session(client, ref);
      await client.request('POST', `/api/sessions/${found.id}/reply`, { text: words.join(' ') });
      console.log(`replied to ${found.name}`);
    },
  },
  {
    name: 'send',
    args: '<target> TEXT',
    summary: 'send a message: typed in when the session is idle (a task), or for its next turn (--note)',
    details: 'target: a session id, name or folder name',
    options: { note: { type: 'boolean', help: "a note: handed to the session's next turn, not typed in" } },
    positionals: [2, Infinity],
    async run(client, values, [target, ...words]) {
      const body = { text: words.join(' '), kind: values.note === true ? 'note' : 'task', from: 'cli' };
      const { message } = await client.request<{ message: InboxMessage }>(
        'POST',
        `/api/sessions/${encodeURIComponent(target ?? '')}/messages`,
        body,
      );
      console.log(`sent ${message.kind} ${message.id} to ${target}`);
    },
  },
  {
    name: 'tail',
    args: '<target>',
    summary: "follow a session's timeline (messages, states, permission prompts) until Ctrl+C",
    options: {
      since: { type: 'string', value: 'ID', help: 'start after this event id (default: the last 20)' },
    },
    positionals: [1, 1],
    async run(client, values, [target]) {
      const since = typeof values.since === 'string' ? Number(values.since) : undefined;
      await tail(client, target ?? '', since);
    },
  },
];

/** The parseArgs options of a command, plus --help. */
export function parseOptions(command: Command): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  return options;
}

/** `~` and `~/…` are the person's home, as in their shell; a relative folder is from here. */
function expandCwd(cwd: string): string {
  const home = process.env.HOME;
  if (home !== undefined && (cwd === '~' || cwd.startsWith('~/'))) return resolve(home, cwd.slice(2));
  return cwd.startsWith('~') ? cwd : resolve(cwd);
}

/** Prints the last events, then follows new ones with the long poll until interrupted. */
async function tail(client: HubClient, target: string, since: number | undefined): Promise<void> {
  const ref = encodeURIComponent(target);
  let cursor = since;
  for (;;) {
    const query =
      cursor === undefined ? `session=${ref}&limit=20` : `session=${ref}&since=${cursor}&waitS=25`;
    const { events, last } = await client.request<{ events: TimelineEvent[]; last: number }>(
      'GET',
      `/api/events?${query}`,
    );
    for (const event of events) console.log(describeEvent(event));
    cursor = events.at(-1)?.id ?? cursor ?? last;
  }
}

function describeEvent(event: TimelineEvent): string {
  const d = event.data;
  const time = event.at.slice(11, 19);
  switch (event.kind) {
    case 'message_in':
      return `${time} #${event.id} <- ${String(d.from)} (${String(d.kind)}): ${String(d.text)}`;
    case 'message_out':
      return `${time} #${event.id} -> ${String(d.text)}`;
    case 'message_delivered':
      return `${time} #${event.id}    delivered (${String(d.how)})`;
    case 'state':
      return `${time} #${event.id}    ${String(d.from)} -> ${String(d.to)}`;
    case 'permission':
      return `${time} #${event.id}    permission ${String(d.toolName)}: ${String(d.state)}`;
    case 'notification':
      return `${time} #${event.id}    Claude Code: ${String(d.message ?? d.type)}`;
    case 'transcript':
      return `${time} #${event.id} ${d.role === 'user' ? '<-' : '->'} (${String(d.channel)}) ${String(d.text)}`;
  }
}

function printTable(sessions: Session[], past: boolean): void {
  if (sessions.length === 0) {
    console.log(past ? 'no past sessions' : 'no sessions (start one with: switchboard spawn)');
    return;
  }
  const rows = sessions.map((s) =>
    past
      ? [s.id, s.name, s.exitedAt?.slice(0, 16).replace('T', ' ') ?? '', s.resumable ? 'yes' : 'no', s.cwd]
      : [s.id, s.name, s.state, s.statusText ?? '', s.cwd],
  );
  const header = past
    ? ['ID', 'NAME', 'ENDED', 'RESUMABLE', 'FOLDER']
    : ['ID', 'NAME', 'STATE', 'STATUS', 'FOLDER'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}
