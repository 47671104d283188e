import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { HubLink } from '../hub-link.js';
import { toolResult } from './tool-result.js';

const name = 'read_inbox';

const config = {
  title: 'Read my inbox',
  description:
    "Take the messages waiting in this session's inbox that have not reached you yet (notes wait for your " +
    'next turn; tasks for your next idle moment), oldest first, as JSON: each with its id, sender (from, ' +
    'and fromSessionId when another session sent it), kind, text and sentAt. Reading marks them delivered, ' +
    'so they are not typed in or handed to you again: act on them now. An empty list means nothing waits.',
  inputSchema: {},
};

export function registerReadInboxTool(server: McpServer, link: HubLink): void {
  server.registerTool(name, config, async (_args, extra) => {
    const outcome = await link.call({ type: 'read_inbox' }, extra.signal);
    return toolResult(outcome);
  });
}
