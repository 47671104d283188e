import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { HubLink } from '../hub-link.js';
import { toolResult } from './tool-result.js';

const name = 'set_status';

const config = {
  title: 'Set status',
  description:
    'Set this session\'s short status line on the user\'s switchboard roster, e.g. "running tests" or ' +
    '"waiting for review". Keep it under a few words; it replaces the previous status. An empty text clears it.',
  inputSchema: {
    text: z.string().max(200).describe('The status, at most 200 characters.'),
  },
};

export function registerSetStatusTool(server: McpServer, link: HubLink): void {
  server.registerTool(name, config, async (args, extra) => {
    const outcome = await link.call({ type: 'set_status', text: args.text }, extra.signal);
    return toolResult(outcome);
  });
}
