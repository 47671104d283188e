import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrCreateToken } from './auth/token.js';
import { installAuth } from './auth/auth-plugin.js';
import { registerBrowserSocket } from './browser/browser-socket.js';
import { type HubConfig, PROJECT_ROOT } from './config.js';
import { ConverseBroker } from './converse/converse-broker.js';
import { type Db, openDatabase } from './db/database.js';
import { installErrorHandling } from './http/error-handler.js';
import { lockDataDir } from './lock/hub-lock.js';
import { registerProxySocket } from './proxy-link/proxy-socket.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerHookRoutes } from './routes/hook-routes.js';
import { registerSessionRoutes } from './routes/session-routes.js';
import { registerWebRoutes } from './routes/web-routes.js';
import { sessionEnvironment } from './sessions/launch-command.js';
import { SessionMonitor, readoptSessions } from './sessions/session-monitor.js';
import { SessionService } from './sessions/session-service.js';
import { SqliteSessionStore } from './sessions/session-store.js';
import { ExecaTmux, type Tmux } from './sessions/tmux.js';
import { resolveFfmpegPath } from './voice/audio/ffmpeg.js';
import { createDefaultEngines } from './voice/engines/default-engines.js';
import type { SttEngine, TtsEngine } from './voice/engines/engine-types.js';
import { registerVoiceAssets } from './voice/voice-assets.js';
import { registerVoiceRoutes } from './voice/voice-routes.js';
import { VoiceService } from './voice/voice-service.js';
import { SqliteEventStore } from './events/event-store.js';
import { Timeline } from './events/timeline.js';
import { registerMcpEndpoint } from './mcp/mcp-endpoint.js';
import { InboxStore } from './messaging/inbox-store.js';
import { registerMessagingRoutes } from './messaging/messaging-routes.js';
import { MessagingService } from './messaging/messaging-service.js';
import { TimelineRecorder } from './messaging/timeline-recorder.js';
import { registerPermissionRoutes } from './permissions/permission-routes.js';
import { PermissionService } from './permissions/permission-service.js';
import { PermissionVoice } from './permissions/permission-voice.js';
import { SqlitePermissionStore } from './permissions/permission-store.js';
import { registerTerminal } from './terminal/terminal.js';
import { PtyTmuxAttacher } from './terminal/tmux-client.js';
import { TranscriptLog } from './transcript/transcript-log.js';
import { registerTranscriptRoutes } from './transcript/transcript-routes.js';

export const VERSION = '0.1.0';
export const DEFAULT_VOICE = 'af_heart';
const MAX_BODY_BYTES = 1024 * 1024;

export type Hub = {
  app: FastifyInstance;
  sessions: SessionService;
  voice: VoiceService;
  permissions: PermissionService;
  token: string;
  tokenPath: string | null;
  /** Listens, re-adopts the sessions that outlived the last hub, and starts health checks. */
  start(): Promise<string>;
  /** Stops serving; the tmux sessions keep running and are re-adopted by the next hub. */
  close(): Promise<void>;
};

export type HubOptions = {
  env?: NodeJS.ProcessEnv;
  tmux?: Tmux;
  /** Speech engines; Kokoro and Whisper from the models dir by default. */
  engines?: { tts: TtsEngine; stt: SttEngine };
  logger?: boolean | object;
  monitorIntervalMs?: number;
};

/** Builds the hub from its config; nothing listens until start(). */
export async function createHub(config: HubConfig, options: HubOptions = {}): Promise<Hub> {
  const env = options.env ?? process.env;
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(config.dataDir); // one hub per data dir: a second one throws HubLockedError
  const { token, path: tokenPath } = await loadOrCreateToken(config.dataDir, config.token);
  const db: Db = openDatabase(join(config.dataDir, 'switchboard.db'));
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: true,
    // One line per request drowns what matters; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  });
  let hubUrl = '';
  const tmuxConf = join(config.sessionsTemplateDir, 'tmux.conf');
  const tmux = options.tmux ?? new ExecaTmux(config.tmuxSocket, tmuxConf, sessionEnvironment(env));
  const converse = new ConverseBroker();
  const sessions = new SessionService({
    dataDir: config.dataDir,
    claudeBin: config.claudeBin,
    sessionsTemplateDir: config.sessionsTemplateDir,
    proxyEntry: config.proxyEntry,
    nodeBin: process.execPath,
    hubEnv: env,
    hubUrl: () => hubUrl,
    tmux,
    defaultVoice: DEFAULT_VOICE,
    permissionTimeoutMs: config.permissionTimeoutMs,
    now: () => new Date(),
    store: new SqliteSessionStore(db),
    converse,
    log: app.log,
  });
  const engines =
    options.engines ?? createDefaultEngines(config.modelsDir, app.log, { whisperModel: config.whisperModel });
  const ffmpegPath = memoize(() => resolveFfmpegPath(env.PATH));
  const timeline = new Timeline(new SqliteEventStore(db));
  const transcript = new TranscriptLog(timeline);
  const permissions = new PermissionService({
    store: new SqlitePermissionStore(db),
    sessions,
    timeoutMs: config.permissionTimeoutMs,
    now: Date.now,
    log: app.log,
  });
  const voice = new VoiceService({
    sessions,
    converse,
    transcript,
    ...engines,
    ffmpegPath,
    settings: config.voice,
    log: app.log,
    now: Date.now,
  });
  const messaging = new MessagingService({
    sessions,
    tmux,
    timeline,
    inbox: new InboxStore(db),
    log: app.log,
    now: Date.now,
  });
  const recorder = new TimelineRecorder({ timeline, sessions, permissions, log: app.log });
  // Speaks each new permission prompt and decides it from the spoken answer.
  new PermissionVoice({ permissions, voice, log: app.log });
  const monitor = new SessionMonitor({
    sessions,
    tmux,
    log: app.log,
    idleTimeoutMs: config.idleTimeoutMs,
    now: Date.now,
  });

  await app.register(websocket, { options: { maxPayload: MAX_BODY_BYTES } });
  installErrorHandling(app);
  installAuth(app, token);
  registerHealthRoutes(app, sessions, VERSION);
  registerWebRoutes(app, token);
  registerSessionRoutes(app, sessions, tmux);
  registerHookRoutes(app, { sessions, messaging, recorder });
  registerMessagingRoutes(app, { sessions, messaging, timeline, transcript });
  registerMcpEndpoint(app, { sessions, messaging, timeline, permissions, tmux, version: VERSION });
  registerVoiceRoutes(app, { sessions, voice, tts: engines.tts });
  registerVoiceAssets(app, config.modelsDir);
  registerProxySocket(app, { sessions, voice, messaging, hubUrl: () => hubUrl });
  registerTranscriptRoutes(app, { sessions, transcript });
  registerPermissionRoutes(app, { sessions, permissions });
  registerBrowserSocket(app, { sessions, voice, transcript, permissions });
  const terminal = registerTerminal(app, {
    sessions,
    tmux,
    attacher: new PtyTmuxAttacher(config.tmuxSocket, tmuxConf, sessionEnvironment(env)),
    dataDir: config.dataDir,
    settings: config.terminal,
    now: Date.now,
    log: app.log,
    // Messages are not typed into a session while a person is typing into it.
    onHumanInput: (sessionId) => messaging.noteHumanInput(sessionId),
  });

  return {
    app,
    sessions,
    voice,
    permissions,
    token,
    tokenPath,
    async start() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      // Proxies run on this machine: a wildcard bind is reached on loopback.
      const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
      hubUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      lock.announce(hubUrl);
      await readoptSessions({ sessions, tmux, log: app.log });
      await terminal.resume();
      permissions.start();
      monitor.start(options.monitorIntervalMs);
      return hubUrl;
    },
    async close() {
      await monitor.stop();
      // Long-polling hooks are answered now (still pending) so closing does not wait for them.
      permissions.close();
      messaging.close();
      timeline.wakeAll();
      // Terminal viewers and recorders detach their tmux clients; the sessions keep running.
      await terminal.close();
      sessions.close();
      await app.close();
      db.close();
      lock.release();
    },
  };
}

export { PROJECT_ROOT };

function memoize<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
