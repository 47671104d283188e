import type {
  TranscriptChannel,
  TranscriptKind,
  TranscriptRole,
  TranscriptTool,
} from '../../protocol/transcript.js';

/**
 * Turns the lines of a Claude Code transcript file (JSONL, one record a line, as Claude Code
 * 2.1 writes them under ~/.claude/projects/) into the entries the person sees: Claude's text
 * replies, the prompts typed in, tool calls and how they ended, API errors; and the context
 * usage of the latest request. Pure apart from what it remembers between lines (the tool calls it
 * has seen, to name and skip their results), so every record shape has a test on real files.
 */

export type ReadEntry = {
  role: TranscriptRole;
  channel: TranscriptChannel;
  kind: TranscriptKind;
  text: string;
  turnId: null;
  tool: TranscriptTool | null;
};

/** Tokens in Claude's context window after a request, and the window they fill. */
export type ContextUsage = { tokens: number; window: number };

/** `converse` is the hub's own conversation: its entries exist already ("said"). */
const HUB_OWN_TOOLS = new Set(['mcp__switchboard__converse']);
/** Long inputs and outputs are cut: the page shows the start; the terminal has all of it. */
const MAX_STRING = 4_000;
const MAX_OUTPUT = 2_000;
const MAX_SUMMARY = 160;

export class ClaudeTranscriptReader {
  /** Tool call id -> its name, for the result's entry; null for a call the hub shows itself. */
  private readonly tools = new Map<string, string | null>();

  /** The entries of one parsed record, and its usage when it is a request's answer. */
  read(record: unknown): { entries: ReadEntry[]; usage: ContextUsage | null } {
    const none = { entries: [], usage: null };
    if (!isObject(record) || record.isSidechain === true || record.isMeta === true) return none;
    if (record.isCompactSummary === true) return none;
    const message = record.message;
    if (!isObject(message)) return none;
    if (record.type === 'assistant') return this.readAssistant(record, message);
    if (record.type === 'user') return { entries: this.readUser(message.content), usage: null };
    return none;
  }

  private readAssistant(
    record: Record<string, unknown>,
    message: Record<string, unknown>,
  ): { entries: ReadEntry[]; usage: ContextUsage | null } {
    const blocks = contentBlocks(message.content);
    if (record.isApiErrorMessage === true) {
      const text = blocks.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');
      return {
        entries: [entry('system', 'error', text.trim() || 'Claude Code reported an API error.')],
        usage: null,
      };
    }
    const entries: ReadEntry[] = [];
    for (const block of blocks) {
      if (block.type === 'text' && typeof block.text === 'string' && block.text.trim() !== '') {
        entries.push(entry('assistant', 'reply', block.text));
      }
      if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
        const own = HUB_OWN_TOOLS.has(block.name);
        this.tools.set(block.id, own ? null : block.name);
        if (own) continue;
        const input = isObject(block.input) ? block.input : {};
        entries.push({
          ...entry('assistant', 'tool', toolSummary(block.name, input)),
          tool: {
            toolUseId: block.id,
            name: block.name,
            input: cutStrings(input),
            isError: null,
            output: null,
          },
        });
      }
    }
    return { entries, usage: usageOf(message) };
  }

  private readUser(content: unknown): ReadEntry[] {
    if (typeof content === 'string') return promptEntries(content);
    const entries: ReadEntry[] = [];
    for (const block of contentBlocks(content)) {
      if (block.type === 'text' && typeof block.text === 'string') entries.push(...promptEntries(block.text));
      if (block.type === 'tool_result' && typeof block.tool_use_id === 'string') {
        const name = this.tools.get(block.tool_use_id);
        if (name === null) continue; // the hub's own converse
        this.tools.delete(block.tool_use_id);
        const isError = block.is_error === true;
        const output = cut(resultText(block.content), MAX_OUTPUT);
        entries.push({
          ...entry('assistant', 'tool_result', isError ? `failed: ${firstLine(output)}` : 'done'),
          tool: { toolUseId: block.tool_use_id, name: name ?? 'tool', input: null, isError, output },
        });
      }
    }
    return entries;
  }
}

function entry(role: TranscriptRole, kind: TranscriptKind, text: string): ReadEntry {
  return { role, channel: 'text', kind, text, turnId: null, tool: null };
}

/**
 * A typed prompt, or nothing for what Claude Code writes as a user record but nobody typed:
 * slash-command echoes and their output (`<command-name>`, `<local-command-stdout>`…), and the
 * interruption marker, which becomes a note. Tasks the hub typed in come labelled, several in one
 * prompt when they waited together (delivery-rules.ts formatPrompt): one entry each, and none for
 * the page's, which the conversation has already as the person's own words.
 */
function promptEntries(text: string): ReadEntry[] {
  const trimmed = text.trim();
  if (trimmed === '' || /^<(command-|local-command-)/.test(trimmed)) return [];
  if (/^\[Request interrupted by user/.test(trimmed)) return [entry('system', 'error', 'Interrupted.')];
  const labels = [...trimmed.matchAll(TASK_LABEL)];
  if (labels[0]?.index !== 0) return [entry('user', 'prompt', text)];
  return labels.flatMap((label, i) => {
    if (label[2] === 'page') return [];
    const end = labels[i + 1]?.index ?? trimmed.length;
    return [entry('user', 'prompt', trimmed.slice(label.index, end).trim())];
  });
}

/** `[task from api, message 12]` at a line's start, as formatPrompt writes it. */
const TASK_LABEL = /^\[(task|note) from (.+?), message \d+\]$/gm;

/** One line that says what a call does: the command, the file, the pattern. */
export function toolSummary(name: string, input: Record<string, unknown>): string {
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : null);
  const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
  const summary =
    text('command') ??
    text('file_path') ??
    text('notebook_path') ??
    (text('pattern') === null
      ? null
      : `${text('pattern')}${text('path') === null ? '' : ` in ${text('path')}`}`) ??
    text('url') ??
    text('query') ??
    text('description') ??
    (name === 'TodoWrite' ? 'the to-do list' : null) ??
    (mcp === null ? null : `${mcp[1]}: ${mcp[2]}`) ??
    Object.values(input).find((v): v is string => typeof v === 'string') ??
    name;
  return cut(firstLine(summary), MAX_SUMMARY);
}

function usageOf(message: Record<string, unknown>): ContextUsage | null {
  const usage = message.usage;
  if (!isObject(usage)) return null;
  const count = (key: string) => (typeof usage[key] === 'number' ? (usage[key] as number) : 0);
  const tokens =
    count('input_tokens') + count('cache_creation_input_tokens') + count('cache_read_input_tokens');
  if (tokens === 0) return null;
  const model = typeof message.model === 'string' ? message.model : '';
  // Claude Code's 1M-token context models say so in their id ("…[1m]"); the rest have 200k.
  return { tokens, window: /\[1m\]|-1m\b/i.test(model) ? 1_000_000 : 200_000 };
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return contentBlocks(content)
    .map((b) =>
      b.type === 'text' && typeof b.text === 'string' ? b.text : b.type === 'image' ? '[image]' : '',
    )
    .filter((t) => t !== '')
    .join('\n');
}

function contentBlocks(content: unknown): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isObject) : [];
}

/** The input with every long string cut (file contents, heredocs), nested objects included. */
function cutStrings(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return cut(v, MAX_STRING);
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.slice(0, 100).map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(value, 0) as Record<string, unknown>;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length < text.trim().length ? `${line} …` : line;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
