// Proves the end-to-end harness: the real Claude Code CLI in tmux, on a temporary HOME, against the
// scripted Anthropic API, with command hooks, a status line and a stdio MCP server named `switchboard`.
// Facts pinned here (Claude Code 2.1.197) are the ones the hub relies on: hook order and payloads,
// MCP tool results reaching the next request, `permissions.allow` in the --settings file letting an
// MCP tool run without a dialog, the permission dialog answered by `1`, SessionEnd on /exit, the
// transcript path, and no traffic leaving the machine.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN, makeClaudeHome, withExactEnv } from '../support/claude-home.js';
import type { ClaudeHome } from '../support/claude-home.js';
import {
  lastToolResult,
  lastUserText,
  startScriptedAnthropic,
  systemText,
} from '../support/scripted-anthropic.js';
import type { ScriptedAnthropic } from '../support/scripted-anthropic.js';

const run = promisify(execFile);
const ECHO_MCP_SERVER = fileURLToPath(new URL('../support/echo-mcp-server.mjs', import.meta.url));
const HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'Stop', 'Notification', 'SessionEnd'];
const PANE = 'claude';

type Json = Record<string, unknown>;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: () => string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await delay(200);
  }
  throw new Error(`timed out waiting for ${what()}`);
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** A tmux server of our own: its socket name is unique, so killing it touches nothing else. */
function tmux(socket: string) {
  const cmd = (...args: string[]) => run('tmux', ['-L', socket, ...args]).then((r) => r.stdout);
  const screen = () => cmd('capture-pane', '-p', '-t', PANE);
  const format = (f: string) => cmd('display-message', '-p', '-t', PANE, f).then((s) => s.trim());
  return {
    cmd,
    async waitForScreen(text: string, ms = 30_000): Promise<string> {
      let last = '';
      return waitFor(
        async () => {
          last = await screen().catch(() => last);
          return last.includes(text) ? last : undefined;
        },
        () => `"${text}" on the tmux screen; last screen:\n${last}`,
        ms,
      );
    },
    /** Types text the way the hub does: bracketed paste from a buffer, then Enter on its own. */
    async submit(text: string, scratchDir: string): Promise<void> {
      const file = join(scratchDir, 'paste.txt');
      await writeFile(file, text);
      await cmd('load-buffer', '-b', 'sbtest', file);
      await cmd('paste-buffer', '-p', '-d', '-b', 'sbtest', '-t', PANE);
      await cmd('send-keys', '-t', PANE, 'C-m');
    },
    paneDead: async () => (await format('#{pane_dead}')) === '1',
    /** Kills the server, waits for the CLI to be gone, and removes the socket file tmux 3.3 leaves. */
    async kill(): Promise<void> {
      const pid = Number(await format('#{pane_pid}').catch(() => ''));
      const socketPath = await format('#{socket_path}').catch(() => '');
      await cmd('kill-server').catch(() => '');
      // SIGHUP makes the CLI run its SessionEnd hooks and write HOME on the way out.
      if (pid > 0)
        await waitFor(
          async () => (processGone(pid) ? true : undefined),
          () => 'the CLI to exit',
        );
      if (socketPath !== '') await rm(socketPath, { force: true });
    },
  };
}

async function readJsonLines(file: string): Promise<Json[]> {
  if (!existsSync(file)) return [];
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  return lines.map((l) => JSON.parse(l) as Json);
}

/** Resolves with every hook event so far once `name` has fired `count` times. */
async function waitForHook(file: string, name: string, count = 1): Promise<Json[]> {
  let seen: Json[] = [];
  return waitFor(
    async () => {
      seen = await readJsonLines(file);
      return seen.filter((e) => e.hook_event_name === name).length >= count ? seen : undefined;
    },
    () => `${name} #${count}; hook events so far: ${seen.map((e) => String(e.hook_event_name)).join(', ')}`,
  );
}

/** The per-session files the hub writes: settings with hooks and a status line, and the MCP config. */
async function writeSessionFiles(dir: string) {
  const files = {
    settings: join(dir, 'settings.json'),
    mcp: join(dir, 'mcp.json'),
    hooks: join(dir, 'hooks.jsonl'),
    status: join(dir, 'status.json'),
  };
  // One appendFileSync per event: a single write, so events that fire together cannot interleave.
  const appendStdin = `'${process.execPath}' -e 'const fs=require("fs");fs.appendFileSync(process.argv[1],fs.readFileSync(0,"utf8").trim()+"\\n")' '${files.hooks}'`;
  const hook = [{ hooks: [{ type: 'command', command: appendStdin }] }];
  const settings = {
    permissions: { allow: ['mcp__switchboard__converse'] },
    hooks: Object.fromEntries(HOOK_EVENTS.map((e) => [e, hook])),
    statusLine: { type: 'command', command: `cat > '${files.status}'` },
  };
  const mcp = {
    mcpServers: { switchboard: { type: 'stdio', command: process.execPath, args: [ECHO_MCP_SERVER] } },
  };
  await writeFile(files.settings, JSON.stringify(settings, null, 2));
  await writeFile(files.mcp, JSON.stringify(mcp, null, 2));
  return files;
}

describe('Claude Code harness (real CLI, scripted API)', () => {
  const t = tmux(`sbtest-${randomUUID().slice(0, 8)}`);
  const sessionId = randomUUID();
  let api: ScriptedAnthropic;
  let home: ClaudeHome;
  let workdir: string;
  let configDir: string;

  beforeAll(async () => {
    workdir = await realpath(await mkdtemp(join(tmpdir(), 'sbtest-cwd-')));
    configDir = await mkdtemp(join(tmpdir(), 'sbtest-config-'));
    // Turn 0 calls an MCP tool, so the API holds main requests until Claude Code offers it: the first
    // prompt is often sent before the MCP server has connected.
    api = await startScriptedAnthropic({
      turns: [
        {
          text: 'Asking the user.',
          toolUse: { name: 'mcp__switchboard__converse', input: { message: 'hi' } },
        },
        (req) => ({ text: `The tool answered <${lastToolResult(req)?.text ?? 'nothing'}>.` }),
        {
          toolUse: { name: 'Write', input: { file_path: join(workdir, 'note.txt'), content: 'scripted\n' } },
        },
        { text: 'Wrote the note.' },
      ],
    });
    home = await makeClaudeHome({
      apiKey: 'sk-ant-test-harness-0123456789abcdefghij',
      baseUrl: api.url,
      trustedFolders: [workdir],
      proxyUrl: api.url,
    });
  });

  afterAll(async () => {
    await t.kill();
    await api?.close();
    await home?.cleanup();
    await rm(workdir, { recursive: true, force: true });
    await rm(configDir, { recursive: true, force: true });
  });

  it('runs a prompt, calls the MCP tool, fires hooks in order and exits', { timeout: 180_000 }, async () => {
    const files = await writeSessionFiles(configDir);
    const claude = [
      CLAUDE_BIN,
      ...['--mcp-config', files.mcp, '--strict-mcp-config', '--settings', files.settings],
      ...['--session-id', sessionId, '--model', 'sonnet'],
      ...['--append-system-prompt', 'VOICE-RULES-MARKER: answer briefly.'],
      'first prompt',
    ];
    const argv = withExactEnv(home.env, claude);
    await t.cmd('new-session', '-d', '-s', PANE, '-x', '200', '-y', '50', '-c', workdir, ...argv);
    // Keeps the last screen readable if the CLI dies, and lets the test see it exit.
    await t.cmd('set-option', '-t', PANE, 'remain-on-exit', 'on');

    // Turn 0 -> converse; turn 1 sees its result and answers with it; that text must reach the screen.
    await t.waitForScreen('The tool answered <you said: hi>.', 60_000);
    const first = await api.waitForMainRequest(0);
    expect(lastUserText(first)).toBe('first prompt');
    expect(systemText(first)).toContain('VOICE-RULES-MARKER: answer briefly.');
    expect(first.model).toMatch(/sonnet/);
    expect(lastToolResult(await api.waitForMainRequest(1))).toMatchObject({
      text: 'you said: hi',
      isError: false,
    });

    // A tool that is not allowed opens Claude Code's own permission dialog (and a Notification hook).
    await waitForHook(files.hooks, 'Stop', 1);
    await t.submit('write a note', configDir);
    await t.waitForScreen('Do you want to create note.txt?');
    // The Notification hook only fires once the dialog has waited 6 s untouched (2.1.197); a hub that
    // must know at once uses the PermissionRequest hook instead.
    await waitForHook(files.hooks, 'Notification');
    await t.cmd('send-keys', '-t', PANE, '1');
    await t.waitForScreen('Wrote the note.');
    expect(await readFile(join(workdir, 'note.txt'), 'utf8')).toBe('scripted\n');
    expect(lastUserText(await api.waitForMainRequest(2))).toBe('write a note');

    await waitForHook(files.hooks, 'Stop', 2);
    await t.cmd('send-keys', '-t', PANE, '-l', '/exit');
    await delay(300); // the slash-command menu opens first; Enter then runs the highlighted /exit
    await t.cmd('send-keys', '-t', PANE, 'C-m');
    await waitFor(
      async () => ((await t.paneDead()) ? true : undefined),
      () => 'the CLI to exit',
    );

    const events = await waitForHook(files.hooks, 'SessionEnd');
    expect(events.map((e) => e.hook_event_name)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'Stop',
      'UserPromptSubmit',
      'Notification',
      'Stop',
      'SessionEnd',
    ]);
    const transcript = home.transcriptPath(workdir, sessionId);
    for (const e of events) {
      expect(e).toMatchObject({ session_id: sessionId, transcript_path: transcript, cwd: workdir });
    }
    expect(events[0]).toMatchObject({ source: 'startup' });
    expect(events[1]).toMatchObject({ prompt: 'first prompt', permission_mode: 'default' });
    expect(events[2]).toMatchObject({ last_assistant_message: 'The tool answered <you said: hi>.' });
    expect(events[4]).toMatchObject({
      notification_type: 'permission_prompt',
      message: 'Claude needs your permission',
    });
    expect(events[6]).toMatchObject({ reason: 'prompt_input_exit' });

    const status = JSON.parse(await readFile(files.status, 'utf8')) as Json;
    expect(status).toMatchObject({
      session_id: sessionId,
      context_window: { context_window_size: expect.any(Number) },
    });

    const lastAssistant = (await readJsonLines(transcript)).findLast((l) => l.type === 'assistant');
    expect(lastAssistant).toMatchObject({
      message: { content: [{ type: 'text', text: 'Wrote the note.' }] },
    });

    expect(api.failures).toEqual([]);
    // With the harness environment nothing tried to leave the machine (the proxy would have seen it).
    expect(api.requests.filter((r) => r.kind === 'proxy').map((r) => r.url)).toEqual([]);
  });
});
