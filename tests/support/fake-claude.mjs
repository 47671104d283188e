#!/usr/bin/env node
// A stand-in for the Claude Code CLI in integration tests, speaking the same interfaces the hub
// relies on: the command-line flags, the MCP config (it starts the proxy and calls its tools
// over stdio with the real SDK client), and the hooks in the settings file (command and HTTP). The real
// CLI is exercised by tests/e2e; this one is fast and fully scripted.
//
// Interactive like the real one: each line typed into its terminal is a prompt.
//   converse <message>   call mcp__switchboard__converse and print the answer
//   note <message>       converse with wait_for_response: false
//   status <text>        call set_status
//   whoami               call whoami
//   send <to> <kind> <body...>  call send_message (kind task or note)
//   inbox                call read_inbox
//   sessions             call list_sessions
//   exit                 end the session (SessionEnd hook)
// Anything else is echoed ("echo: <prompt>") and is the turn's reply (last_assistant_message in
// the Stop hook). Like Claude Code it asks for bracketed paste, so a pasted multi-line message is
// one prompt; a UserPromptSubmit hook's additionalContext is printed as "context: …".
// FAKE_CLAUDE_LOSE_FIRST_ENTER=1 loses the first typed prompt's Enter (see below).
// FAKE_CLAUDE_TRUST_DIALOG=1 shows a workspace trust dialog first, like Claude Code on an
// untrusted folder. FAKE_CLAUDE_ARGS_FILE=<path> appends its command line there (one JSON array a
// line). With CLAUDE_CONFIG_DIR set (never the real ~/.claude), it saves each prompt where Claude
// Code saves its conversation, <dir>/projects/<cwd>/<id>.jsonl, so the hub can resume it; like
// Claude Code, `--resume <id>` continues that id (and has no --session-id).
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const args = process.argv.slice(2);
// The hub asks once which hooks this CLI runs (HTTP hooks from 2.1.63 on; FAKE_CLAUDE_VERSION
// below that gets the proxy's command hooks).
if (args[0] === '--version') {
  console.log(`${process.env.FAKE_CLAUDE_VERSION ?? '2.1.197'} (Claude Code)`);
  process.exit(0);
}
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dashDash = args.indexOf('--');
const firstPrompt = dashDash >= 0 ? args.slice(dashDash + 1).join(' ') : undefined;
const sessionId = flag('--session-id') ?? flag('--resume');
if (process.env.FAKE_CLAUDE_ARGS_FILE)
  appendFileSync(process.env.FAKE_CLAUDE_ARGS_FILE, `${JSON.stringify(args)}\n`);
function saveConversation(prompt) {
  const configDir = process.env.CLAUDE_CONFIG_DIR;
  if (!configDir) return;
  const dir = join(configDir, 'projects', process.cwd().replace(/[^a-zA-Z0-9]/g, '-'));
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${sessionId}.jsonl`), `${JSON.stringify({ type: 'user', sessionId, prompt })}\n`);
}
const settings = JSON.parse(readFileSync(flag('--settings'), 'utf8'));
const mcpConfig = JSON.parse(readFileSync(flag('--mcp-config'), 'utf8'));

function runHook(event, extra = {}) {
  const entries = settings.hooks?.[event] ?? [];
  const payload = JSON.stringify({
    session_id: sessionId,
    cwd: process.cwd(),
    hook_event_name: event,
    ...extra,
  });
  return Promise.all(
    entries.flatMap((entry) =>
      entry.hooks.map((hook) =>
        hook.type === 'http'
          ? // Like Claude Code: POST the payload, the body is the hook's output; none for SessionStart.
            event === 'SessionStart'
            ? Promise.resolve('')
            : fetch(hook.url, {
                method: 'POST',
                headers: { ...hook.headers, 'Content-Type': 'application/json' },
                body: payload,
              })
                .then((response) => (response.ok ? response.text() : ''))
                .catch(() => '')
          : new Promise((resolve) => {
              const child = spawn('sh', ['-c', hook.command], { stdio: ['pipe', 'pipe', 'inherit'] });
              let out = '';
              child.stdout.on('data', (chunk) => (out += chunk));
              child.on('exit', () => resolve(out));
              child.stdin.end(payload);
            }),
      ),
    ),
  );
}

if (process.env.FAKE_CLAUDE_TRUST_DIALOG === '1') {
  console.log(
    'Accessing workspace:\n\n ' +
      process.cwd() +
      '\n\n Quick safety check: Is this a project you created or one you trust?\n',
  );
  console.log(' ❯ 1. Yes, I trust this folder\n   2. No, exit\n\n Enter to confirm · Esc to cancel');
  process.stdin.setRawMode?.(true);
  const key = await new Promise((resolve) => process.stdin.once('data', (d) => resolve(d.toString())));
  process.stdin.setRawMode?.(false);
  if (key === '2') process.exit(1);
  console.clear();
}

const [name, server] = Object.entries(mcpConfig.mcpServers)[0];
const client = new Client({ name: 'fake-claude', version: '1.0.0' });
await client.connect(
  new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { ...server.env, PATH: process.env.PATH },
  }),
);
const call = async (tool, input) => {
  const result = await client.callTool({ name: tool, arguments: input }, undefined, { timeout: 600_000 });
  return result.content.map((c) => c.text).join('');
};
const rl = createInterface({ input: process.stdin });
const lines = rl[Symbol.asyncIterator]();
const nextLine = async () => (await lines.next()).value;
process.stdout.write('\x1b[?2004h'); // bracketed paste on before it says it is ready, as Claude Code's UI
await runHook('SessionStart', { source: 'startup' });
console.log(`fake claude ready (mcp server ${name})`);

async function handle(prompt) {
  saveConversation(prompt);
  for (const out of await runHook('UserPromptSubmit', { prompt })) {
    const context = out.trim() === '' ? undefined : JSON.parse(out).hookSpecificOutput?.additionalContext;
    if (context !== undefined) console.log(`context: ${context}`);
  }
  const [command, ...rest] = prompt.trim().split(' ');
  const text = rest.join(' ');
  let reply;
  if (command === 'converse') reply = `answer: ${await call('converse', { message: text })}`;
  else if (command === 'note')
    reply = `answer: ${await call('converse', { message: text, wait_for_response: false })}`;
  else if (command === 'status') reply = `answer: ${await call('set_status', { text })}`;
  else if (command === 'whoami') reply = `answer: ${await call('whoami', {})}`;
  else if (command === 'send') {
    const [to, kind, ...body] = rest;
    reply = `answer: ${await call('send_message', { to, kind, body: body.join(' ') })}`;
  } else if (command === 'inbox') reply = `answer: ${await call('read_inbox', {})}`;
  else if (command === 'sessions') reply = `answer: ${await call('list_sessions', {})}`;
  else if (command === 'exit') {
    await runHook('SessionEnd', { reason: 'prompt_input_exit' });
    process.exit(0);
  } else reply = `echo: ${prompt}`;
  console.log(reply);
  await runHook('Stop', { stop_hook_active: false, last_assistant_message: reply });
}

/** The next prompt: one line, or everything between bracketed-paste markers. */
async function nextPrompt() {
  const line = await nextLine();
  if (line === undefined || !line.includes('\x1b[200~')) return line;
  const parts = [line.replace('\x1b[200~', '')];
  while (!parts.at(-1).includes('\x1b[201~')) {
    const more = await nextLine();
    if (more === undefined) break;
    parts.push(more);
  }
  parts[parts.length - 1] = parts.at(-1).replace('\x1b[201~', '');
  return parts.join('\n');
}

if (firstPrompt) await handle(firstPrompt);
// FAKE_CLAUDE_LOSE_FIRST_ENTER=1: the first prompt's Enter is lost, its text stays in the input
// box until the next Enter (seen with the real CLI while it redraws a resumed conversation).
let held = process.env.FAKE_CLAUDE_LOSE_FIRST_ENTER === '1' ? '' : null;
for (;;) {
  const prompt = await nextPrompt();
  if (prompt === undefined) break;
  if (held === '' && prompt.trim() !== '') {
    held = prompt;
    console.log(`(typed, not sent: ${prompt.trim().split('\n').at(-1)})`);
    continue;
  }
  const full = held === null || held === '' ? prompt : `${held}${prompt}`;
  if (held !== '') held = null;
  if (full.trim() !== '') await handle(full);
}
