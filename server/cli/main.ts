import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { InboxMessage, TimelineEvent } from '../../protocol/messages.js';
import type { Session } from '../../protocol/session.js';
import { ConfigError, loadConfig } from '../config.js';
import { runHub } from '../main.js';
import { HubClient } from './hub-client.js';
import { openInBrowser } from './open-browser.js';

const USAGE = `Usage:
  switchboard                       start the hub (same as: switchboard start)
  switchboard spawn [--cwd DIR] [--name NAME] [--voice VOICE] [--model MODEL] [--prompt TEXT]
                    [--accept-session-tasks]
                                    (--accept-session-tasks: other sessions' tasks are typed in;
                                    by default they wait in its inbox as notes)
  switchboard open [--print]        log this machine's browser in: makes a single-use login link
                                    and opens it (--print: only print it)
  switchboard list                  list sessions
  switchboard stop <id|name>        stop a session (its folder is kept)
  switchboard reply <id|name> TEXT  answer a session's waiting converse with text
  switchboard send <target> TEXT [--note]
                                    send a message: typed in when the session is idle (a task),
                                    or handed to its next turn (--note); target: id, name or folder
  switchboard tail <target> [--since ID]
                                    follow a session's timeline (messages in and out, states,
                                    permission prompts) until Ctrl+C

The hub is found through SWITCHBOARD_HOST / SWITCHBOARD_PORT; the token through SWITCHBOARD_TOKEN
or the token file in SWITCHBOARD_DATA_DIR (default ~/.switchboard).`;

/** The `switchboard` command: starts the hub, or talks to a running one over REST. */
async function main(argv: string[]): Promise<void> {
  const [command = 'start', ...rest] = argv;
  if (command === 'start') return runHub();
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  const client = await HubClient.fromConfig(loadConfig());
  switch (command) {
    case 'spawn': {
      const { values } = parseArgs({
        args: rest,
        options: {
          cwd: { type: 'string' },
          name: { type: 'string' },
          voice: { type: 'string' },
          model: { type: 'string' },
          prompt: { type: 'string' },
          'accept-session-tasks': { type: 'boolean' },
        },
        strict: true,
      });
      const { 'accept-session-tasks': acceptsSessionTasks, ...fields } = values;
      const body = {
        ...fields,
        ...(values.cwd === undefined ? {} : { cwd: resolve(values.cwd) }),
        ...(acceptsSessionTasks === true ? { acceptsSessionTasks } : {}),
      };
      const { session } = await client.request<{ session: Session }>('POST', '/api/sessions', body);
      console.log(`spawned ${session.name} (${session.id}) in ${session.cwd}`);
      return;
    }
    case 'open': {
      const { values } = parseArgs({ args: rest, options: { print: { type: 'boolean' } }, strict: true });
      const { path } = await client.request<{ path: string }>('POST', '/api/login-codes');
      const url = `${client.baseUrl}${path}`;
      console.log(url);
      const opened = values.print !== true && (await openInBrowser(url, process.env));
      console.error(
        opened
          ? 'opened in your browser (the link works once, for 10 minutes)'
          : 'open this link in a browser on this machine (it works once, for 10 minutes)',
      );
      return;
    }
    case 'list': {
      parseArgs({ args: rest, options: {}, strict: true });
      printTable(await client.sessions());
      return;
    }
    case 'stop': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError('stop takes one session id or name');
      const session = await client.resolve(positionals[0] as string);
      await client.request('DELETE', `/api/sessions/${session.id}`);
      console.log(`stopped ${session.name} (${session.id})`);
      return;
    }
    case 'reply': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      const [target, ...words] = positionals;
      if (target === undefined || words.length === 0)
        throw new UsageError('reply takes a session and the text');
      const session = await client.resolve(target);
      await client.request('POST', `/api/sessions/${session.id}/reply`, { text: words.join(' ') });
      console.log(`replied to ${session.name}`);
      return;
    }
    case 'send': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { note: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
      const [target, ...words] = positionals;
      if (target === undefined || words.length === 0)
        throw new UsageError('send takes a target and the text');
      const body = { text: words.join(' '), kind: values.note === true ? 'note' : 'task', from: 'cli' };
      const { message } = await client.request<{ message: InboxMessage }>(
        'POST',
        `/api/sessions/${encodeURIComponent(target)}/messages`,
        body,
      );
      console.log(`sent ${message.kind} ${message.id} to ${target}`);
      return;
    }
    case 'tail': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { since: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError('tail takes one target');
      return tail(
        client,
        positionals[0] as string,
        values.since === undefined ? undefined : Number(values.since),
      );
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

/** Prints the last events, then follows new ones with the long poll until interrupted. */
async function tail(client: HubClient, target: string, since: number | undefined): Promise<void> {
  const session = encodeURIComponent(target);
  let cursor = since;
  for (;;) {
    const query =
      cursor === undefined ? `session=${session}&limit=20` : `session=${session}&since=${cursor}&waitS=25`;
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

function printTable(sessions: Session[]): void {
  if (sessions.length === 0) {
    console.log('no sessions (start one with: switchboard spawn)');
    return;
  }
  const rows = sessions.map((s) => [s.id, s.name, s.state, s.statusText ?? '', s.cwd]);
  const header = ['ID', 'NAME', 'STATE', 'STATUS', 'FOLDER'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`switchboard: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`switchboard: ${message}`);
  process.exit(1);
});
