#!/usr/bin/env node
/**
 * The per-session switchboard proxy. `main.js` runs the stdio MCP server Claude Code starts from the
 * session's mcp.json; `main.js hook` reports one Claude Code hook event to the hub; `main.js permission`
 * is the PermissionRequest hook (waits for the person's decision). Both hook modes are for Claude
 * Code versions without HTTP hooks and for SessionStart (server/sessions/session-files.ts). This
 * file only wires: configuration from the environment, stderr logging, the exit.
 */
import { parseProxyConfig } from './config.js';
import { runHook } from './hook.js';
import { createStderrLog, errorMessage } from './log.js';
import { runPermissionHook } from './permission/hook-mode.js';

const mode = process.argv[2];
const parsed = parseProxyConfig(process.env);

if (mode === 'hook') {
  // A hook must never break the user's Claude session: whatever happens, nothing on stdout, exit 0.
  const log = createStderrLog(process.stderr, 'switchboard-hook');
  if (parsed.ok) {
    await runHook({ config: parsed.config, stdin: process.stdin, stdout: process.stdout, log }).catch(
      (error: unknown) => {
        log.error(`hook: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  } else {
    log.error(`hook not reported: ${parsed.message}`);
  }
  process.exit(0);
} else if (mode === 'permission') {
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
  // Loaded only here so that hook mode never pays for the MCP SDK.
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
    `switchboard proxy: unknown mode "${mode}"; run without arguments for the MCP server, or with one of ` +
      '"hook", "permission"\n',
  );
  process.exit(1);
}
