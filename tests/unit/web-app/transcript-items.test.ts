// Issue 13, point 2 (page side): the transcript shows every kind of entry in order, tool activity
// folded into runs that read "Ran 3 tools: …", prompts with their sender.
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import {
  promptParts,
  toolLabel,
  toolRunSummary,
  transcriptItems,
} from '../../../web/app/state/transcript-items.js';
import { entry } from './fixtures.js';

const call = (id: number, toolUseId: string, name: string, summary: string): TranscriptEntry =>
  entry(id, 'api', {
    kind: 'tool',
    channel: 'text',
    text: summary,
    tool: { toolUseId, name, input: { command: summary }, isError: null, output: null },
  });
const result = (
  id: number,
  toolUseId: string,
  name: string,
  isError = false,
  output = 'ok',
): TranscriptEntry =>
  entry(id, 'api', {
    kind: 'tool_result',
    channel: 'text',
    text: isError ? `failed: ${output}` : 'done',
    tool: { toolUseId, name, input: null, isError, output },
  });
const reply = (id: number, text: string) => entry(id, 'api', { kind: 'reply', channel: 'text', text });

describe('transcript items', () => {
  it('folds consecutive tool calls and their results into one run between conversation entries', () => {
    const items = transcriptItems([
      reply(1, 'Let me check.'),
      call(2, 't1', 'Bash', 'npm test'),
      result(3, 't1', 'Bash'),
      call(4, 't2', 'Edit', 'server/a.ts'),
      result(5, 't2', 'Edit'),
      call(6, 't3', 'Read', 'b.ts'),
      result(7, 't3', 'Read', true, 'no such file'),
      reply(8, 'Fixed.'),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['entry', 'tools', 'entry']);
    const run = items[1];
    if (run?.kind !== 'tools') throw new Error('no run');
    expect(run.key).toBe('tools-2');
    expect(run.calls.map((c) => [c.name, c.summary, c.result?.isError])).toEqual([
      ['Bash', 'npm test', false],
      ['Edit', 'server/a.ts', false],
      ['Read', 'b.ts', true],
    ]);
    expect(toolRunSummary(run.calls)).toBe('Ran 3 tools: Bash npm test ✓, Edit server/a.ts ✓, Read b.ts ✗');
  });

  it('keeps the run key while it grows, so an opened run stays open', () => {
    const before = transcriptItems([call(2, 't1', 'Bash', 'ls')]);
    const after = transcriptItems([call(2, 't1', 'Bash', 'ls'), call(3, 't2', 'Bash', 'pwd')]);
    expect(before[0]?.key).toBe(after[0]?.key);
  });

  it('pairs a result with its call in an earlier run (a reply came between them)', () => {
    const items = transcriptItems([
      call(1, 't1', 'Bash', 'sleep 9'),
      reply(2, 'Waiting.'),
      result(3, 't1', 'Bash'),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['tools', 'entry']);
    const run = items[0];
    expect(run?.kind === 'tools' && run.calls[0]?.result?.isError).toBe(false);
  });

  it('shows a result whose call is not in the history as a call of its own', () => {
    const items = transcriptItems([result(1, 'gone', 'Write', false, 'written')]);
    expect(items[0]?.kind === 'tools' && items[0].calls[0]).toMatchObject({ name: 'Write', input: null });
  });

  it('says "Running" while a call has no result, and counts the calls past the first four', () => {
    const calls = [1, 2, 3, 4, 5, 6].map((n) => call(n, `t${n}`, 'Read', `f${n}.ts`));
    const run = transcriptItems(calls)[0];
    if (run?.kind !== 'tools') throw new Error('no run');
    expect(toolRunSummary(run.calls)).toBe(
      'Running 6 tools: Read f1.ts …, Read f2.ts …, Read f3.ts …, Read f4.ts …, and 2 more',
    );
  });

  it('keeps said, prompt and error entries as entries, in order', () => {
    const items = transcriptItems([
      entry(1, 'api', { kind: 'prompt', role: 'user', text: 'go' }),
      entry(2),
      entry(3, 'api', { kind: 'error', role: 'system', text: 'Overloaded' }),
    ]);
    expect(items.map((i) => (i.kind === 'entry' ? i.entry.kind : i.kind))).toEqual([
      'prompt',
      'said',
      'error',
    ]);
  });

  it("shows the person's page message once, not again as the prompt the hub typed in for it", () => {
    const items = transcriptItems([
      entry(1, 'api', { role: 'user', channel: 'text', text: 'run the tests' }),
      entry(2, 'api', { kind: 'prompt', role: 'user', text: '[task from page, message 7]\nrun the tests' }),
      entry(3, 'api', { kind: 'prompt', role: 'user', text: '[task from page, message 8]\nsomething else' }),
      entry(4, 'api', { kind: 'prompt', role: 'user', text: '[task from ci, message 9]\nrun the tests' }),
    ]);
    expect(items.map((i) => i.kind === 'entry' && i.entry.id)).toEqual([1, 3, 4]);
  });

  it('names MCP tools by server and tool', () => {
    expect(toolLabel('mcp__github__create_issue')).toBe('github: create_issue');
    expect(toolLabel('Bash')).toBe('Bash');
  });
});

describe('who a prompt is from', () => {
  it('reads the labels the hub puts on the messages it types in', () => {
    const text =
      '[task from orchestrator, message 3]\nRun the tests.\n\nThen report.\n\n[note from api, message 4]\nFYI';
    expect(promptParts(text)).toEqual([
      { kind: 'task', from: 'orchestrator', text: 'Run the tests.\n\nThen report.' },
      { kind: 'note', from: 'api', text: 'FYI' },
    ]);
  });

  it('leaves a prompt typed at the terminal whole and without a sender', () => {
    expect(promptParts('fix the bug [task from x, message 1]')).toEqual([
      { kind: null, from: null, text: 'fix the bug [task from x, message 1]' },
    ]);
  });
});
