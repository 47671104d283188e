import type { TranscriptEntry } from '../../../protocol/transcript.js';

/** A tool call and, once it ended, how: a `tool` entry paired with its `tool_result` by toolUseId. */
export type ToolCall = {
  toolUseId: string;
  /** Claude Code's tool name (Bash, Edit, mcp__server__tool…). */
  name: string;
  /** One line: the command, the file (the hub's summary); '' when only the result is known. */
  summary: string;
  /** The call's input; null when the call itself is not in the page's history (cut off). */
  input: Record<string, unknown> | null;
  at: string;
  /** null while it runs. */
  result: { isError: boolean; output: string | null } | null;
};

/**
 * What the transcript shows, in order: each conversation entry on its own (said, reply, prompt,
 * error), and each run of consecutive tool activity as one group (shown collapsed). `key` is
 * the first entry's id, stable while the run grows, so an opened group stays open.
 */
export type TranscriptItem =
  { kind: 'entry'; key: string; entry: TranscriptEntry } | { kind: 'tools'; key: string; calls: ToolCall[] };

/**
 * Groups a session's entries (in id order) for display. A result pairs with its call wherever the
 * call is, even in an earlier run (a reply can come between a call and its result); a result
 * whose call is not in the history shows as a call of its own; a result never starts a new run
 * in the middle of the conversation by itself unless its call is missing.
 */
export function transcriptItems(entries: readonly TranscriptEntry[]): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const calls = new Map<string, ToolCall>();
  let run: ToolCall[] | null = null;
  const openRun = (key: number): ToolCall[] => {
    if (run !== null) return run;
    const fresh: ToolCall[] = [];
    items.push({ kind: 'tools', key: `tools-${key}`, calls: fresh });
    run = fresh;
    return fresh;
  };
  // What the person sent from the page is shown as they sent it; the prompt the hub then typed in
  // for it ("[task from page, message 3]") would show the same words a second time.
  const ownMessages = new Set<string>();
  for (const entry of entries) {
    const tool = entry.tool;
    if (entry.role === 'user' && entry.kind === 'said') ownMessages.add(entry.text);
    if (entry.kind === 'prompt' && repeatsOwnMessages(entry.text, ownMessages)) continue;
    if (entry.kind === 'tool' && tool !== null) {
      const call: ToolCall = {
        toolUseId: tool.toolUseId,
        name: tool.name,
        summary: entry.text,
        input: tool.input,
        at: entry.at,
        result: null,
      };
      calls.set(tool.toolUseId, call);
      openRun(entry.id).push(call);
    } else if (entry.kind === 'tool_result' && tool !== null) {
      const result = { isError: tool.isError === true, output: tool.output };
      const call = calls.get(tool.toolUseId);
      if (call !== undefined) {
        call.result = result;
      } else {
        const orphan: ToolCall = {
          toolUseId: tool.toolUseId,
          name: tool.name,
          summary: '',
          input: null,
          at: entry.at,
          result,
        };
        calls.set(tool.toolUseId, orphan);
        openRun(entry.id).push(orphan);
      }
    } else {
      run = null;
      items.push({ kind: 'entry', key: `entry-${entry.id}`, entry });
    }
  }
  return items;
}

/** A prompt made only of the person's own page messages, each already in the transcript. */
function repeatsOwnMessages(text: string, own: ReadonlySet<string>): boolean {
  const parts = promptParts(text);
  return parts.every((p) => p.from === 'page' && own.has(p.text));
}

/** "Edit", "Bash"; an MCP tool as "server: tool" (mcp__github__create_issue -> "github: create_issue"). */
export function toolLabel(name: string): string {
  const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
  return mcp === null ? name : `${mcp[1]}: ${mcp[2]}`;
}

export type ToolState = 'running' | 'done' | 'failed';

export function toolState(call: ToolCall): ToolState {
  return call.result === null ? 'running' : call.result.isError ? 'failed' : 'done';
}

const STATE_MARK: Record<ToolState, string> = { running: '…', done: '✓', failed: '✗' };

/** The names shown in a collapsed line before "and N more". */
export const SUMMARY_CALLS = 4;

/**
 * The collapsed line of a run: "Ran 3 tools: Bash npm test ✓, Edit src/a.ts ✓, Read b.ts ✗";
 * "Running…" while a call has no result; a long run names its first calls and counts the rest.
 */
export function toolRunSummary(calls: readonly ToolCall[]): string {
  const running = calls.some((c) => toolState(c) === 'running');
  const count = `${calls.length} ${calls.length === 1 ? 'tool' : 'tools'}`;
  const named = calls.slice(0, SUMMARY_CALLS).map((c) => {
    const what = c.summary === '' ? toolLabel(c.name) : `${toolLabel(c.name)} ${c.summary}`;
    return `${what} ${STATE_MARK[toolState(c)]}`;
  });
  const more = calls.length - named.length;
  const list = more > 0 ? `${named.join(', ')}, and ${more} more` : named.join(', ');
  return `${running ? 'Running' : 'Ran'} ${count}: ${list}`;
}

/** One message in a prompt: who sent it (null when the prompt carries no label) and its words. */
export type PromptPart = { kind: 'task' | 'note' | null; from: string | null; text: string };

// The label the hub puts above each inbox message it types in (server/messaging/delivery-rules.ts
// formatPrompt): "[task from orchestrator, message 12]".
const PROMPT_LABEL = /^\[(task|note) from ([A-Za-z0-9][A-Za-z0-9_.:-]{0,63}), message \d+\]\n/;

/**
 * A prompt typed into Claude, split into the messages the hub delivered in it, each with its
 * sender; anything else (typed at the terminal) is one part without a sender. The label is only
 * a hint (a person can type the same words), so it decides a caption, never any trust.
 */
export function promptParts(text: string): PromptPart[] {
  if (!PROMPT_LABEL.test(text)) return [{ kind: null, from: null, text }];
  const parts: PromptPart[] = [];
  // Messages are joined by a blank line; a message's own blank lines stay in it.
  for (const piece of text.split(/\n\n(?=\[(?:task|note) from [^\n]*, message \d+\]\n)/)) {
    const label = PROMPT_LABEL.exec(piece);
    if (label === null) parts.push({ kind: null, from: null, text: piece });
    else
      parts.push({
        kind: label[1] as 'task' | 'note',
        from: label[2] as string,
        text: piece.slice(label[0].length),
      });
  }
  return parts;
}
