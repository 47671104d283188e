import { ConfigError, isLoopbackHost, loadConfig } from './config.js';
import { createHub } from './hub.js';
import { HubLockedError } from './lock/hub-lock.js';

/**
 * Composition root: read the config, build the hub, listen, and close with grace on a signal.
 * The tmux sessions keep running after the hub stops; the next start re-adopts them.
 */
export async function runHub(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`switchboard: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (!isLoopbackHost(config.host) && !config.allowInsecureBind) {
    process.stderr.write(
      `switchboard: refusing to listen on ${config.host} without TLS. Keep SWITCHBOARD_HOST=127.0.0.1 and reach the hub remotely with \`tailscale serve\`, or set SWITCHBOARD_ALLOW_INSECURE_BIND=1 if a TLS proxy is in front.\n`,
    );
    process.exit(2);
  }
  // Pretty, colored lines for a person at a terminal; JSON lines for everything else (journald, files).
  const logger = process.stdout.isTTY
    ? { level: config.logLevel, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } }
    : { level: config.logLevel };
  let hub;
  try {
    hub = await createHub(config, { logger });
  } catch (error) {
    // Another hub has this data dir: say which one, and stop before touching anything.
    if (error instanceof HubLockedError) {
      process.stderr.write(`switchboard: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const url = await hub.start();
  const tokenWhere = hub.tokenPath === null ? 'from SWITCHBOARD_TOKEN' : `in ${hub.tokenPath}`;
  // Like Jupyter: a link that logs this machine's browser in once (the token itself never goes
  // into a page); `switchboard open` makes another one later.
  process.stderr.write(
    `\nSwitchboard is listening on ${url}\n  log in: ${url}${hub.loginPath()}\n    (works once, for 10 minutes; \`switchboard open\` makes a new link)\n  API token: ${tokenWhere}\n  data: ${config.dataDir}\n\n`,
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    hub.app.log.info({ signal }, 'shutting down; sessions keep running');
    hub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
