import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_MESSAGE_CHARS, messageKindSchema } from '../../protocol/messages.js';
import type { HubLink } from '../hub-link.js';
import { toolResult } from './tool-result.js';

const name = 'send_message';

const config = {
  title: 'Message another session',
  description:
    'Send a message to another Claude Code session on this switchboard (see list_sessions). `to` is the ' +
    "session's id, its name, or the last part of its folder path; a name that fits several sessions is an " +
    'error listing them, so retry with an id. kind "task" (default) asks the receiver to do something: it is ' +
    'typed in as its next prompt, at once if it is idle (waking it), else when its current turn ends. kind ' +
    '"note" is for information only: it does not wake the receiver and is handed to it with its next turn ' +
    '(or when it calls read_inbox). The receiver sees who sent it; a reply, if any, comes back as a message ' +
    'to you. Returns JSON with the messageId, the receiver, and whether the message waits.',
  inputSchema: {
    to: z.string().min(1).max(200).describe('The receiving session: its id, name or folder name.'),
    body: z
      .string()
      .min(1)
      .max(MAX_MESSAGE_CHARS)
      .describe('The message, self-contained: the receiver does not see your conversation.'),
    kind: messageKindSchema
      .default('task')
      .describe('"task" (default): do this, wakes the receiver. "note": FYI, waits for its next turn.'),
  },
};

export function registerSendMessageTool(server: McpServer, link: HubLink): void {
  server.registerTool(name, config, async (args, extra) => {
    const outcome = await link.call(
      { type: 'send_message', to: args.to, body: args.body, kind: args.kind },
      extra.signal,
    );
    return toolResult(outcome);
  });
}
