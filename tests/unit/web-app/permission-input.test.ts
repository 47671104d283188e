import { describe, expect, it } from 'vitest';
import {
  DIFF_CONTEXT,
  diffLines,
  inputView,
  type DiffLine,
} from '../../../web/app/state/permission-input.js';

/** A diff as text, one line per entry: "-old", "+new", " same", "~N" for folded lines. */
const show = (lines: DiffLine[]) =>
  lines.map((l) =>
    l.kind === 'skipped'
      ? `~${l.count}`
      : `${l.kind === 'removed' ? '-' : l.kind === 'added' ? '+' : ' '}${l.text}`,
  );

describe('the line diff of an edit', () => {
  it('shows a changed line as removed then added, between unchanged ones', () => {
    expect(show(diffLines('a\nb\nc', 'a\nB\nc'))).toEqual([' a', '-b', '+B', ' c']);
  });

  it('aligns unchanged lines in the middle of a change', () => {
    expect(show(diffLines('one\ntwo\nthree\nfour', 'one\n2\nthree\n4\nfive'))).toEqual([
      ' one',
      '-two',
      '+2',
      ' three',
      '-four',
      '+4',
      '+five',
    ]);
  });

  it('handles pure insertions and deletions, and empty sides', () => {
    expect(show(diffLines('a\nc', 'a\nb\nc'))).toEqual([' a', '+b', ' c']);
    expect(show(diffLines('a\nb', ''))).toEqual(['-a', '-b']);
    expect(show(diffLines('', 'new'))).toEqual(['+new']);
  });

  it('ignores one trailing newline on both sides', () => {
    expect(show(diffLines('x\n', 'y\n'))).toEqual(['-x', '+y']);
  });

  it('folds long unchanged runs, keeping the lines next to the change', () => {
    const same = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const before = [...same, 'old', ...same].join('\n');
    const after = [...same, 'new', ...same].join('\n');
    const lines = show(diffLines(before, after));
    expect(lines).toEqual([
      `~${20 - DIFF_CONTEXT}`,
      ' line 17',
      ' line 18',
      ' line 19',
      '-old',
      '+new',
      ' line 0',
      ' line 1',
      ' line 2',
      `~${20 - DIFF_CONTEXT}`,
    ]);
  });

  it('stays fast on huge inputs (no alignment, everything shown)', () => {
    const big = (tag: string) => Array.from({ length: 1000 }, (_, i) => `${tag}${i}`).join('\n');
    const lines = diffLines(big('a'), big('b'));
    expect(lines.filter((l) => l.kind === 'removed')).toHaveLength(1000);
    expect(lines.filter((l) => l.kind === 'added')).toHaveLength(1000);
  });
});

describe('a tool input, made readable', () => {
  it('shows a Bash command with its description, and every other field', () => {
    expect(inputView('Bash', { command: 'npm test', description: 'Run the tests', timeout: 60000 })).toEqual({
      kind: 'command',
      command: 'npm test',
      description: 'Run the tests',
      extras: [{ key: 'timeout', value: '60000' }],
    });
  });

  it('shows an Edit as a path and a diff, noting replace_all', () => {
    const view = inputView('Edit', {
      file_path: '/src/a.ts',
      old_string: 'const a = 1;',
      new_string: 'const a = 2;',
      replace_all: true,
    });
    expect(view).toMatchObject({ kind: 'edit', filePath: '/src/a.ts', extras: [] });
    if (view.kind !== 'edit') throw new Error('not an edit');
    expect(view.edits).toHaveLength(1);
    expect(view.edits[0]).toMatchObject({ removed: 1, added: 1, replaceAll: true });
  });

  it('shows each change of a MultiEdit', () => {
    const view = inputView('MultiEdit', {
      file_path: '/src/a.ts',
      edits: [
        { old_string: 'a', new_string: 'b' },
        { old_string: 'c\nd', new_string: 'c' },
      ],
    });
    if (view.kind !== 'edit') throw new Error('not an edit');
    expect(view.edits.map((e) => show(e.lines))).toEqual([
      ['-a', '+b'],
      [' c', '-d'],
    ]);
  });

  it('shows a Write as the new content', () => {
    expect(inputView('Write', { file_path: '/a/new.md', content: '# Title\n' })).toEqual({
      kind: 'content',
      filePath: '/a/new.md',
      label: 'New content',
      content: '# Title\n',
      extras: [],
    });
  });

  it('falls back to indented JSON for other tools and for inputs that do not fit their tool', () => {
    expect(inputView('WebFetch', { url: 'https://x.test', prompt: 'read' })).toEqual({
      kind: 'json',
      text: '{\n  "url": "https://x.test",\n  "prompt": "read"\n}',
    });
    expect(inputView('Edit', { file_path: '/a', old_string: 1 }).kind).toBe('json');
    expect(inputView('MultiEdit', { file_path: '/a', edits: [] }).kind).toBe('json');
    expect(inputView('Bash', { cmd: 'ls' }).kind).toBe('json');
  });
});
