#!/usr/bin/env node
/**
 * The per-session switchboard proxy. `main.js` runs the stdio MCP server Claude Code starts from the
 * session's mcp.json; `main.js permission` is the PermissionRequest hook for Claude Code versions
 * without HTTP hooks (waits for the person's decision). The state hooks that need a command are
 * post-hook.ts, which loads none of this. This file only wires: configuration from the
 * environment, stderr logging, the exit.
 */
import { parseProxyConfig } from './config.js';
import { createStderrLog, errorMessage } from './log.js';
import { runPermissionHook } from './permission/hook-mode.js';

const mode = process.argv[2];
const parsed = parseProxyConfig(process.env);

if (mode === 'permission') {
  // stdout is Claude Code's decision and nothing else; no decision prints nothing, so Claude Code's
  // own prompt stays. A non-zero exit would be a hook error, so it is always 0.
  const log = createStderrLog(process.stderr, 'switchboard-permission');
  if (parsed.ok) {
    await runPermissionHook({
      config: parsed.config,
      stdin: process.stdin,
      stdout: process.stdout,
      log,
    }).catch((error: unknown) => log.error(`permission: unexpected failure: ${errorMessage(error)}`));
  } else {
    log.error(`permission request not sent (no decision): ${parsed.message}`);
  }
  process.exit(0);
} else if (mode === undefined) {
  const log = createStderrLog(process.stderr, 'switchboard-proxy');
  if (!parsed.ok) {
    log.error(`cannot start: ${parsed.message}`);
    process.exit(1);
  }
  // Loaded only here so that permission mode never pays for the MCP SDK.
  const { startServer } = await import('./server.js');
  const running = await startServer({
    config: parsed.config,
    log: createStderrLog(process.stderr, `switchboard-proxy ${parsed.config.sessionId}`),
    pid: process.pid,
    stdin: process.stdin,
    stdout: process.stdout,
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => void running.shutdown(`received ${signal}`));
  }
  await running.done;
  process.exit(0);
} else {
  process.stderr.write(
    `switchboard proxy: unknown mode "${mode}"; run without arguments for the MCP server, or with "permission" ` +
      '(the state hooks are post-hook.js)\n',
  );
  process.exit(1);
}
