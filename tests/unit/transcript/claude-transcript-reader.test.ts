// The reader on a transcript file the real Claude Code CLI (2.1.197) wrote in
// tests/e2e/conversation-real-claude.test.ts (token, ports and paths replaced), and on the other
// record shapes Claude Code writes, one each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClaudeTranscriptReader,
  toolSummary,
  type ReadEntry,
} from '../../../server/transcript/claude-transcript-reader.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/claude-transcripts');

function fixtureLines(name: string): unknown[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function readAll(records: unknown[]): { entries: ReadEntry[]; usage: unknown } {
  const reader = new ClaudeTranscriptReader();
  const entries: ReadEntry[] = [];
  let usage = null;
  for (const record of records) {
    const read = reader.read(record);
    entries.push(...read.entries);
    usage = read.usage ?? usage;
  }
  return { entries, usage };
}

const assistant = (content: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'assistant',
  message: { role: 'assistant', model: 'claude-sonnet-4-5', content },
  ...extra,
});
const user = (content: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'user',
  message: { role: 'user', content },
  ...extra,
});

describe('ClaudeTranscriptReader on a real file', () => {
  it('gives the prompt, the tool call and its outcome, the replies, and the task typed in, in order', () => {
    const { entries, usage } = readAll(fixtureLines('story.jsonl'));
    expect(entries.map((e) => [e.kind, e.role, e.text])).toEqual([
      ['prompt', 'user', 'Make three files.'],
      ['tool', 'assistant', 'printf a > one.txt && printf b > two.txt && printf c > three.txt'],
      ['tool_result', 'assistant', 'done'],
      ['reply', 'assistant', 'Done, 3 files changed.'],
      ['prompt', 'user', '[task from api, message 1]\nNow run the tests.'],
      ['reply', 'assistant', 'Tests pass.'],
    ]);
    const [, call, result] = entries;
    expect(call?.tool).toEqual({
      toolUseId: 'toolu_scripted_3',
      name: 'Bash',
      input: {
        command: 'printf a > one.txt && printf b > two.txt && printf c > three.txt',
        description: 'Make three files',
      },
      isError: null,
      output: null,
    });
    expect(result?.tool).toMatchObject({ toolUseId: 'toolu_scripted_3', name: 'Bash', isError: false });
    expect(result?.tool?.output).toBe('(Bash completed with no output)');
    expect(usage).toMatchObject({ window: 200_000 });
    expect((usage as { tokens: number }).tokens).toBeGreaterThan(0);
  });
});

describe('ClaudeTranscriptReader, record by record', () => {
  it("leaves out the hub's own converse call and its result (the conversation has them)", () => {
    const { entries } = readAll([
      assistant([
        { type: 'tool_use', id: 't1', name: 'mcp__switchboard__converse', input: { message: 'Hi?' } },
      ]),
      user([{ type: 'tool_result', tool_use_id: 't1', content: 'yes' }]),
    ]);
    expect(entries).toEqual([]);
  });

  it('names a failed call and shows the start of its error', () => {
    const { entries } = readAll([
      assistant([
        { type: 'tool_use', id: 't2', name: 'Edit', input: { file_path: '/w/a.ts', old_string: 'x' } },
      ]),
      user([
        {
          type: 'tool_result',
          tool_use_id: 't2',
          is_error: true,
          content: [{ type: 'text', text: 'No match\nmore' }],
        },
      ]),
    ]);
    expect(entries.map((e) => [e.kind, e.text])).toEqual([
      ['tool', '/w/a.ts'],
      ['tool_result', 'failed: No match …'],
    ]);
    expect(entries[1]?.tool).toMatchObject({ name: 'Edit', isError: true, output: 'No match\nmore' });
  });

  it('skips what nobody typed: meta records, slash-command echoes, subagents, compact summaries', () => {
    const { entries } = readAll([
      user('Caveat: the messages below…', { isMeta: true }),
      user('<command-name>/clear</command-name>'),
      user('<local-command-stdout>cleared</local-command-stdout>'),
      user('sub task', { isSidechain: true }),
      user('This session is being continued…', { isCompactSummary: true }),
      assistant([{ type: 'text', text: '   ' }]),
    ]);
    expect(entries).toEqual([]);
  });

  it('turns an interruption and an API error into notes', () => {
    const { entries } = readAll([
      user([{ type: 'text', text: '[Request interrupted by user for tool use]' }]),
      assistant([{ type: 'text', text: 'API Error: 529 overloaded' }], { isApiErrorMessage: true }),
    ]);
    expect(entries.map((e) => [e.role, e.kind, e.text])).toEqual([
      ['system', 'error', 'Interrupted.'],
      ['system', 'error', 'API Error: 529 overloaded'],
    ]);
  });

  it("splits tasks typed in together, and leaves out the page's (already the person's words)", () => {
    const { entries } = readAll([
      user(
        '[task from page, message 4]\nfix it\n\n[task from ci, bot, message 5]\nrerun\n\n[note from api, message 6]\nfyi',
      ),
    ]);
    expect(entries.map((e) => e.text)).toEqual([
      '[task from ci, bot, message 5]\nrerun',
      '[note from api, message 6]\nfyi',
    ]);
  });

  it('counts the context of a 1M-token model against its window', () => {
    const { usage } = readAll([
      {
        type: 'assistant',
        message: {
          model: 'claude-sonnet-4-5[1m]',
          content: [{ type: 'text', text: 'ok' }],
          usage: { input_tokens: 10, cache_creation_input_tokens: 90, cache_read_input_tokens: 400_000 },
        },
      },
    ]);
    expect(usage).toEqual({ tokens: 400_100, window: 1_000_000 });
  });

  it('ignores what is not a record', () => {
    const reader = new ClaudeTranscriptReader();
    for (const junk of [null, 3, 'x', [], { type: 'user' }, { type: 'assistant', message: 'no' }]) {
      expect(reader.read(junk)).toEqual({ entries: [], usage: null });
    }
  });
});

describe('toolSummary', () => {
  it('says what a call does in one line', () => {
    expect(toolSummary('Bash', { command: 'npm test\nnpm run lint' })).toBe('npm test …');
    expect(toolSummary('Grep', { pattern: 'TODO', path: 'server' })).toBe('TODO in server');
    expect(toolSummary('TodoWrite', { todos: [] })).toBe('the to-do list');
    expect(toolSummary('mcp__github__create_issue', { count: 1 })).toBe('github: create_issue');
    expect(toolSummary('Unknown', {})).toBe('Unknown');
  });
});
