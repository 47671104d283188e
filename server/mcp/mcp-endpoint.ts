import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { senderNameSchema } from '../../protocol/messages.js';
import type { Timeline } from '../events/timeline.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { PermissionService } from '../permissions/permission-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tmux } from '../tmux/tmux.js';
import { registerMessagingTools } from './messaging-tools.js';
import { registerSessionTools } from './session-tools.js';

export type McpDeps = {
  sessions: SessionService;
  messaging: MessagingService;
  timeline: Timeline;
  permissions: PermissionService;
  tmux: Tmux;
  version: string;
};

/**
 * `/mcp`: the hub as an MCP server for orchestrator agents (Streamable HTTP, the hub's bearer
 * token, checked by the person scope; whatever decides there is recorded as `mcp`). Stateless: each request gets a fresh server and transport,
 * so there is no MCP session to lose when the hub restarts.
 */
export function registerMcpEndpoint(app: FastifyInstance, deps: McpDeps): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const server = new McpServer({ name: 'switchboard', version: deps.version });
    registerSessionTools(server, deps);
    registerMessagingTools(server, { ...deps, senderName: senderName(request) });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  };
  app.post('/mcp', handle);
  app.get('/mcp', handle);
  app.delete('/mcp', handle);
}

/** `x-switchboard-client` names the orchestrator in the messages it sends ("planner"); a label only. */
function senderName(request: FastifyRequest): string {
  const client = request.headers['x-switchboard-client'];
  return typeof client === 'string' && senderNameSchema.safeParse(client).success ? client : 'orchestrator';
}
