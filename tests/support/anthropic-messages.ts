// The slice of the Anthropic Messages API that Claude Code 2.1.x speaks, for the scripted API in tests:
// request schema (only what tests read is named; the rest is kept), reply encoding (SSE and JSON), and
// small readers such as `lastToolResult` for asserting on what Claude Code sent.
import { z } from 'zod';

const contentBlockSchema = z.looseObject({ type: z.string() });
export type ContentBlock = z.infer<typeof contentBlockSchema>;

const messageSchema = z.looseObject({
  // 'system' appears too: Claude Code 2.1.197 sends mid-conversation system messages (agent and skill
  // listings) as their own entries in `messages`.
  role: z.string(),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});
export type Message = z.infer<typeof messageSchema>;

export const messagesRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(messageSchema),
  system: z
    .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
    .optional(),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
  stream: z.boolean().optional(),
  max_tokens: z.number().optional(),
  // Side requests that want structured output (session title) carry `format`; the main loop does not.
  output_config: z.looseObject({ format: z.looseObject({ type: z.string() }).optional() }).optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export interface ToolUseSpec {
  name: string;
  input: Record<string, unknown>;
  /** Defaults to a unique `toolu_scripted_<n>`. */
  id?: string;
}

export type ReplyBlock = { type: 'text'; text: string } | ({ type: 'tool_use' } & ToolUseSpec);

/**
 * What the scripted API answers. `text` comes first, then `toolUse`, then `blocks`; a reply with any
 * tool_use ends with stop_reason `tool_use`, otherwise `end_turn`. `error` answers with an HTTP error
 * instead (Claude Code retries 429/5xx/529 by itself, so prefer 400 unless retries are the point).
 */
export interface ScriptedReply {
  text?: string;
  toolUse?: ToolUseSpec | ToolUseSpec[];
  blocks?: ReplyBlock[];
  /** Reported tokens; the status line's context-window numbers are computed from these. */
  usage?: { input_tokens?: number; output_tokens?: number };
  error?: { status: number; type: string; message: string };
}

/** The reply normalised into the content blocks of one assistant message. */
export function replyBlocks(reply: ScriptedReply, nextToolId: () => string): ReplyBlock[] {
  const blocks: ReplyBlock[] = [];
  if (reply.text !== undefined) blocks.push({ type: 'text', text: reply.text });
  const toolUses = reply.toolUse === undefined ? [] : [reply.toolUse].flat();
  for (const t of toolUses) blocks.push({ type: 'tool_use', ...t });
  blocks.push(...(reply.blocks ?? []));
  return blocks.map((b) => (b.type === 'tool_use' && b.id === undefined ? { ...b, id: nextToolId() } : b));
}

interface EncodedMessage {
  id: string;
  model: string;
  blocks: ReplyBlock[];
  usage: { input_tokens: number; output_tokens: number };
}

function stopReason(blocks: ReplyBlock[]): 'tool_use' | 'end_turn' {
  return blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

/** The message as a non-streaming JSON body. */
export function messageJson(m: EncodedMessage): string {
  return JSON.stringify({
    id: m.id,
    type: 'message',
    role: 'assistant',
    model: m.model,
    content: m.blocks,
    stop_reason: stopReason(m.blocks),
    stop_sequence: null,
    usage: m.usage,
  });
}

/** The message as the server-sent events Claude Code parses when it asked for `stream: true`. */
export function messageSse(m: EncodedMessage): string {
  const event = (type: string, data: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    event('message_start', {
      message: {
        id: m.id,
        type: 'message',
        role: 'assistant',
        model: m.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: m.usage.input_tokens, output_tokens: 1 },
      },
    }),
  ];
  m.blocks.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } }));
    } else {
      // Claude Code accumulates tool input from input_json_delta; the start block's input stays empty.
      const start = { type: 'tool_use', id: block.id, name: block.name, input: {} };
      events.push(event('content_block_start', { index, content_block: start }));
      const partial_json = JSON.stringify(block.input);
      events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }));
    }
    events.push(event('content_block_stop', { index }));
  });
  events.push(
    event('message_delta', {
      delta: { stop_reason: stopReason(m.blocks), stop_sequence: null },
      usage: { output_tokens: m.usage.output_tokens },
    }),
  );
  events.push(event('message_stop', {}));
  return events.join('');
}

/** A value that satisfies a (simple) JSON schema, for side requests that ask for structured output. */
export function sampleForSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return 'Scripted';
  const s = schema as { type?: unknown; properties?: Record<string, unknown>; items?: unknown };
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sampleForSchema(v)]));
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return 'Scripted session';
  }
}

/**
 * Tells the main loop from Claude Code's side requests (session title, ...): the main loop offers
 * tools and does not ask for structured output. The model is no clue: side requests use the main one.
 */
export function isMainRequest(request: MessagesRequest): boolean {
  return toolNames(request).length > 0 && request.output_config?.format === undefined;
}

/** A harmless answer to a side request: JSON matching the requested schema (the title), or "OK". */
export function defaultSideReply(request: MessagesRequest): ScriptedReply {
  const format = request.output_config?.format;
  if (format?.type === 'json_schema') return { text: JSON.stringify(sampleForSchema(format.schema)) };
  return { text: 'OK' };
}

/** Names of the tools Claude Code offered in this request. */
export function toolNames(request: MessagesRequest): string[] {
  return (request.tools ?? []).map((t) => t.name);
}

/** The whole system prompt as one string (to check `--append-system-prompt`, for instance). */
export function systemText(request: MessagesRequest): string {
  const { system } = request;
  if (system === undefined) return '';
  return typeof system === 'string' ? system : system.map((b) => b.text ?? '').join('\n');
}

function blocksOf(message: Message): ContentBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .map((b: unknown) =>
      typeof b === 'object' && b !== null && 'text' in b && typeof b.text === 'string' ? b.text : '',
    )
    .join('');
}

export interface ToolResult {
  toolUseId: string;
  text: string;
  isError: boolean;
}

/** The last tool_result Claude Code sent back (in the last user message that has one), if any. */
export function lastToolResult(request: MessagesRequest): ToolResult | undefined {
  for (const message of [...request.messages].reverse()) {
    if (message.role !== 'user') continue;
    const result = blocksOf(message).findLast((b) => b.type === 'tool_result');
    if (result === undefined) continue;
    return {
      toolUseId: typeof result.tool_use_id === 'string' ? result.tool_use_id : '',
      text: textOf(result.content),
      isError: result.is_error === true,
    };
  }
  return undefined;
}

/**
 * The text the user typed last: the last user text block that is not a `<system-reminder>` Claude Code
 * adds around the first prompt.
 */
export function lastUserText(request: MessagesRequest): string | undefined {
  for (const message of [...request.messages].reverse()) {
    if (message.role !== 'user') continue;
    const typed = blocksOf(message).findLast(
      (b) => b.type === 'text' && typeof b.text === 'string' && !b.text.startsWith('<system-reminder>'),
    );
    if (typed !== undefined && typeof typed.text === 'string') return typed.text;
  }
  return undefined;
}
