import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { HubLink } from '../../../../mcp-proxy/hub-link.js';
import { proxySocketUrl } from '../../../../mcp-proxy/hub-url.js';
import { silentLog } from '../../../../mcp-proxy/log.js';
import { askAndWait } from '../../../../mcp-proxy/permission/ask-hub.js';
import { registerTools } from '../../../../mcp-proxy/tools/index.js';
import { FakeHub } from './fake-hub.js';

export interface ToolsHarness {
  hub: FakeHub;
  link: HubLink;
  client: Client;
  /** Stops the client, the link and the hub, in that order. */
  dispose(): Promise<void>;
}

/**
 * The proxy's MCP server with its real link to a fake hub (a real WebSocket on loopback), and a
 * real MCP client over an in-memory pair: a tool call travels the whole way a model's would.
 */
export async function startToolsHarness(options: { giveUpMs?: number } = {}): Promise<ToolsHarness> {
  const sessionId = 'sess-1';
  const token = 'tools-token';
  const hub = await FakeHub.start({ sessionId, token });
  const link = new HubLink({
    url: proxySocketUrl(new URL(hub.url), sessionId),
    sessionId,
    token,
    pid: 1,
    giveUpMs: options.giveUpMs ?? 30_000,
    log: silentLog,
  });
  link.start();
  const server = new McpServer({ name: 'switchboard', version: 'test' });
  const config = { hubUrl: new URL(hub.url), sessionId, token };
  registerTools(server, link, (ask, signal) =>
    askAndWait({ config, ask, log: silentLog, localDeadlineMs: 5_000, ...(signal ? { signal } : {}) }),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return {
    hub,
    link,
    client,
    async dispose() {
      await client.close();
      await link.close();
      await hub.stop();
    },
  };
}

/** The text of a tool result, its parts joined. */
export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((part) => part.text ?? '').join('');
}
