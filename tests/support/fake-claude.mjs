#!/usr/bin/env node
// A stand-in for the Claude Code CLI in integration tests, speaking the same interfaces the hub
// relies on: the command-line flags, the MCP config (it starts the proxy and calls its tools
// over stdio with the real SDK client), and the command hooks in the settings file. The real
// CLI is exercised by tests/e2e; this one is fast and fully scripted.
//
// Interactive like the real one: each line typed into its terminal is a prompt.
//   converse <message>   call mcp__switchboard__converse and print the answer
//   note <message>       converse with wait_for_response: false
//   status <text>        call set_status
//   whoami               call whoami
//   exit                 end the session (SessionEnd hook)
// FAKE_CLAUDE_TRUST_DIALOG=1 shows a workspace trust dialog first, like Claude Code on an
// untrusted folder.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dashDash = args.indexOf('--');
const firstPrompt = dashDash >= 0 ? args.slice(dashDash + 1).join(' ') : undefined;
const sessionId = flag('--session-id');
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
      entry.hooks.map(
        (hook) =>
          new Promise((resolve) => {
            const child = spawn('sh', ['-c', hook.command], { stdio: ['pipe', 'ignore', 'inherit'] });
            child.on('exit', resolve);
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
await runHook('SessionStart', { source: 'startup' });
console.log(`fake claude ready (mcp server ${name})`);

async function handle(prompt) {
  await runHook('UserPromptSubmit', { prompt });
  const [command, ...rest] = prompt.trim().split(' ');
  const text = rest.join(' ');
  if (command === 'converse') console.log(`answer: ${await call('converse', { message: text })}`);
  else if (command === 'note')
    console.log(`answer: ${await call('converse', { message: text, wait_for_response: false })}`);
  else if (command === 'status') console.log(`answer: ${await call('set_status', { text })}`);
  else if (command === 'whoami') console.log(`answer: ${await call('whoami', {})}`);
  else if (command === 'exit') {
    await runHook('SessionEnd', { reason: 'prompt_input_exit' });
    process.exit(0);
  } else console.log(`echo: ${prompt}`);
  await runHook('Stop', { stop_hook_active: false });
}

if (firstPrompt) await handle(firstPrompt);
for (;;) {
  const line = await nextLine();
  if (line === undefined) break;
  if (line.trim() !== '') await handle(line);
}
