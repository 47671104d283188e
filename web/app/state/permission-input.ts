/**
 * A tool's input, made readable for a person deciding whether to allow it: a shell command as a
 * command, an edit as a diff, a new file as its content, anything else as indented JSON. Every
 * field of the input is shown somewhere (fields a view does not feature become "extras"): the
 * person decides on all of it, not on a summary. Pure, so the rules are tested.
 */

export type DiffLine =
  | { kind: 'context' | 'removed' | 'added'; text: string }
  /** A run of unchanged lines folded away. */
  | { kind: 'skipped'; count: number };

export type EditView = { lines: DiffLine[]; removed: number; added: number; replaceAll: boolean };

/** A field of the input the view does not show in its own way, as text. */
export type Extra = { key: string; value: string };

export type InputView =
  | { kind: 'command'; command: string; description: string | null; extras: Extra[] }
  | { kind: 'edit'; filePath: string; edits: EditView[]; extras: Extra[] }
  | { kind: 'content'; filePath: string; label: string; content: string; extras: Extra[] }
  | { kind: 'json'; text: string };

type Input = Record<string, unknown>;

export function inputView(toolName: string, input: Input): InputView {
  const str = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : null);
  const extras = (...shown: string[]) => extraFields(input, shown);
  const command = str('command');
  if (toolName === 'Bash' && command !== null) {
    return {
      kind: 'command',
      command,
      description: str('description'),
      extras: extras('command', 'description'),
    };
  }
  const filePath = str('file_path');
  if (toolName === 'Edit' && filePath !== null) {
    const edit = editOf(input);
    if (edit !== null)
      return {
        kind: 'edit',
        filePath,
        edits: [edit],
        extras: extras('file_path', 'old_string', 'new_string', 'replace_all'),
      };
  }
  if (toolName === 'MultiEdit' && filePath !== null && Array.isArray(input.edits)) {
    const edits = input.edits.map((e: unknown) => (isRecord(e) ? editOf(e) : null));
    if (edits.length > 0 && edits.every((e) => e !== null))
      return { kind: 'edit', filePath, edits: edits as EditView[], extras: extras('file_path', 'edits') };
  }
  const content = str('content');
  if (toolName === 'Write' && filePath !== null && content !== null) {
    return {
      kind: 'content',
      filePath,
      label: 'New content',
      content,
      extras: extras('file_path', 'content'),
    };
  }
  const notebook = str('notebook_path');
  const source = str('new_source');
  if (toolName === 'NotebookEdit' && notebook !== null && source !== null) {
    return {
      kind: 'content',
      filePath: notebook,
      label: 'New cell source',
      content: source,
      extras: extras('notebook_path', 'new_source'),
    };
  }
  return { kind: 'json', text: JSON.stringify(input, null, 2) };
}

function editOf(edit: Input): EditView | null {
  if (typeof edit.old_string !== 'string' || typeof edit.new_string !== 'string') return null;
  const lines = diffLines(edit.old_string, edit.new_string);
  return {
    lines,
    removed: lines.filter((l) => l.kind === 'removed').length,
    added: lines.filter((l) => l.kind === 'added').length,
    replaceAll: edit.replace_all === true,
  };
}

function extraFields(input: Input, shown: readonly string[]): Extra[] {
  return Object.entries(input)
    .filter(([key, value]) => !shown.includes(key) && value !== undefined)
    .map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

function isRecord(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Above this many cells the line diff gives up on alignment: all old lines out, all new in. */
const MAX_DIFF_CELLS = 250_000;
/** Unchanged lines kept on each side of a change when a long unchanged run is folded. */
export const DIFF_CONTEXT = 3;

/**
 * A line diff of `before` and `after`: unchanged lines as context, the rest as removed and added
 * lines (removals first within a change), long unchanged runs folded. A single trailing newline
 * is ignored on both sides (an edit snippet rarely means it).
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const lines: DiffLine[] = [
    ...a.slice(0, start).map((text) => ({ kind: 'context' as const, text })),
    ...middle(a.slice(start, endA), b.slice(start, endB)),
    ...a.slice(endA).map((text) => ({ kind: 'context' as const, text })),
  ];
  return foldContext(lines);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** The changed middle, aligned by a longest common subsequence of lines. */
function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const removed = (text: string): DiffLine => ({ kind: 'removed', text });
  const added = (text: string): DiffLine => ({ kind: 'added', text });
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_DIFF_CELLS) {
    return [...a.map(removed), ...b.map(added)];
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let pendingAdded: DiffLine[] = [];
  const flush = () => {
    out.push(...pendingAdded);
    pendingAdded = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      out.push({ kind: 'context', text: a[i] as string });
      i++;
      j++;
    } else if (
      j < b.length &&
      (i === a.length || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))
    ) {
      pendingAdded.push(added(b[j] as string));
      j++;
    } else {
      out.push(removed(a[i] as string));
      i++;
    }
  }
  flush();
  return out;
}

/** Folds unchanged runs longer than twice the context (keeping the ends next to changes). */
function foldContext(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let at = 0;
  while (at < lines.length) {
    if (lines[at]?.kind !== 'context') {
      out.push(lines[at] as DiffLine);
      at++;
      continue;
    }
    let end = at;
    while (end < lines.length && lines[end]?.kind === 'context') end++;
    const run = lines.slice(at, end);
    const keepBefore = at === 0 ? 0 : DIFF_CONTEXT;
    const keepAfter = end === lines.length ? 0 : DIFF_CONTEXT;
    // Folding fewer than a handful of lines hides nothing worth hiding.
    if (run.length - keepBefore - keepAfter > DIFF_CONTEXT) {
      out.push(...run.slice(0, keepBefore));
      out.push({ kind: 'skipped', count: run.length - keepBefore - keepAfter });
      out.push(...run.slice(run.length - keepAfter));
    } else {
      out.push(...run);
    }
    at = end;
  }
  return out;
}
