import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { HubLink } from '../hub-link.js';
import type { PermissionAsker } from '../permission/ask-hub.js';
import { registerConverseTool } from './converse.js';
import { registerListSessionsTool } from './list-sessions.js';
import { registerPermissionPromptTool } from './permission-prompt.js';
import { registerReadInboxTool } from './read-inbox.js';
import { registerSendMessageTool } from './send-message.js';
import { registerSetStatusTool } from './set-status.js';
import { registerWhoamiTool } from './whoami.js';

/**
 * Every tool the switchboard proxy offers. Most forward to the hub through the link; permission_prompt
 * asks over HTTP like the PermissionRequest hook, so both share one way to reach the person.
 */
export function registerTools(server: McpServer, link: HubLink, askPermission: PermissionAsker): void {
  registerConverseTool(server, link);
  registerWhoamiTool(server, link);
  registerSetStatusTool(server, link);
  registerSendMessageTool(server, link);
  registerReadInboxTool(server, link);
  registerListSessionsTool(server, link);
  registerPermissionPromptTool(server, askPermission);
}
