import type { Readable, Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ProxyConfig } from './config.js';
import { HubLink } from './hub-link.js';
import type { HubSocketFactory } from './hub-socket.js';
import { proxySocketUrl } from './hub-url.js';
import { errorMessage } from './log.js';
import type { Log } from './log.js';
import { NO_ANSWER_GRACE_MS, askAndWait } from './permission/ask-hub.js';
import type { PermissionAsker } from './permission/ask-hub.js';
import { SWITCHBOARD_VERSION } from './switchboard-version.js';
import { registerTools } from './tools/index.js';

export const PROXY_SERVER_NAME = 'switchboard';
export const PROXY_SERVER_VERSION = SWITCHBOARD_VERSION;

export interface ServerDeps {
  config: ProxyConfig;
  log: Log;
  pid: number;
  stdin: Readable;
  stdout: Writable;
  connect?: HubSocketFactory;
}

export interface RunningServer {
  /** Resolves once the server has shut down (stdin closed, or `shutdown` was called). */
  readonly done: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

/**
 * The stdio MCP server Claude Code starts from the session's mcp.json. It lives as long as its
 * stdin: when Claude Code exits, the pipe closes and the proxy closes its hub socket and ends.
 */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const { config, log } = deps;
  const link = new HubLink({
    url: proxySocketUrl(config.hubUrl, config.sessionId),
    sessionId: config.sessionId,
    token: config.token,
    pid: deps.pid,
    giveUpMs: config.giveUpMs,
    log,
    ...(deps.connect === undefined ? {} : { connect: deps.connect }),
  });
  const askPermission: PermissionAsker = (ask, signal) =>
    askAndWait({
      config,
      ask,
      log,
      localDeadlineMs: config.permissionTimeoutMs + NO_ANSWER_GRACE_MS,
      ...(signal === undefined ? {} : { signal }),
    });
  const server = new McpServer({ name: PROXY_SERVER_NAME, version: PROXY_SERVER_VERSION });
  registerTools(server, link, askPermission);

  let markDone = (): void => {};
  const done = new Promise<void>((resolve) => {
    markDone = resolve;
  });
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      log.info(`shutting down: ${reason}`);
      await link.close();
      await server
        .close()
        .catch((error: unknown) => log.warn(`closing the MCP server: ${errorMessage(error)}`));
      markDone();
    })();
    return shuttingDown;
  };

  // Claude Code gone mid-answer: writing the last results fails with EPIPE, which must not crash us.
  deps.stdout.on('error', (error) => void shutdown(`stdout failed: ${errorMessage(error)}`));
  deps.stdin.once('end', () => void shutdown('stdin closed'));
  deps.stdin.once('close', () => void shutdown('stdin closed'));
  link.start();
  await server.connect(new StdioServerTransport(deps.stdin, deps.stdout));
  log.info(`MCP server ready for session ${config.sessionId}; hub ${config.hubUrl.origin}`);
  return { done, shutdown };
}
