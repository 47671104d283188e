import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { HubLink } from '../hub-link.js';
import { toolResult } from './tool-result.js';

const name = 'list_sessions';

const config = {
  title: 'List the other sessions',
  description:
    'List the other running Claude Code sessions on this switchboard, as JSON: each with its id, name, ' +
    'folder, state (starting, ready, busy, idle, waiting_input, waiting_permission, dialog) and status ' +
    'text. Use it to find who to address with send_message: by id, by name, or by the last part of the ' +
    'folder path when only one session works there. This session itself is not listed (see whoami).',
  inputSchema: {},
};

export function registerListSessionsTool(server: McpServer, link: HubLink): void {
  server.registerTool(name, config, async (_args, extra) => {
    const outcome = await link.call({ type: 'list_sessions' }, extra.signal);
    return toolResult(outcome);
  });
}
