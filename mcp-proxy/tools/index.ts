import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { HubLink } from '../hub-link.js';
import { registerConverseTool } from './converse.js';
import { registerSetStatusTool } from './set-status.js';
import { registerWhoamiTool } from './whoami.js';

/** Every tool the switchboard proxy offers; each forwards to the hub through the link. */
export function registerTools(server: McpServer, link: HubLink): void {
  registerConverseTool(server, link);
  registerWhoamiTool(server, link);
  registerSetStatusTool(server, link);
}
