import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { personCheck, sessionCheck } from './auth/credentials.js';
import {
  LOGIN_CODE_TTL_MS,
  loginPath,
  registerLoginAdminRoutes,
  registerLoginRoute,
  type LoginCodes,
} from './auth/login-routes.js';
import { PageLogins } from './auth/logins.js';
import { OneTimeSecrets } from './auth/one-time-secrets.js';
import { installScopes, scope, type RouteEntry } from './auth/scopes.js';
import { loadOrCreateToken } from './auth/token.js';
import { registerBrowserSocket } from './browser/browser-socket.js';
import { SWITCHBOARD_VERSION } from '../mcp-proxy/switchboard-version.js';
import type { HubConfig } from './config.js';
import { ConverseBroker } from './converse/converse-broker.js';
import { type Db, DB_FILE_NAME, openDatabase } from './db/database.js';
import { installErrorHandling } from './http/error-handler.js';
import { lockDataDir } from './lock/hub-lock.js';
import { registerProxySocket } from './proxy-link/proxy-socket.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { registerHookRoutes } from './hooks/hook-routes.js';
import { registerSessionRoutes } from './sessions/session-routes.js';
import { registerWebRoutes } from './routes/web-routes.js';
import { claudeTranscriptPath } from './sessions/claude-transcript-path.js';
import { ClaudeVersions } from './sessions/claude-version.js';
import { sessionEnvironment } from './sessions/launch-command.js';
import { SessionMonitor, readoptSessions } from './sessions/session-monitor.js';
import { SessionService } from './sessions/session-service.js';
import { SqliteSessionStore } from './sessions/session-store.js';
import { ExecaTmux, type Tmux } from './tmux/tmux.js';
import { TmuxRunner } from './tmux/tmux-runner.js';
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
import { TimelineRecorder } from './events/timeline-recorder.js';
import { registerPermissionHookRoutes, registerPermissionRoutes } from './permissions/permission-routes.js';
import { PermissionService } from './permissions/permission-service.js';
import { PermissionVoice } from './permissions/permission-voice.js';
import { SqlitePermissionStore } from './permissions/permission-store.js';
import { createTerminalBridge } from './terminal/terminal.js';
import { PtyTmuxAttacher } from './terminal/tmux-client.js';
import { TranscriptLog } from './transcript/transcript-log.js';
import { ClaudeTranscriptFollower } from './transcript/claude-transcript-follower.js';
import { FollowStore } from './transcript/follow-store.js';
import { registerTranscriptRoutes } from './transcript/transcript-routes.js';
import { HistoryStore } from './history/history-store.js';
import { registerHistoryRoutes } from './history/history-routes.js';
import { resumeAfterReboot } from './history/resume-on-start.js';

export const VERSION = SWITCHBOARD_VERSION;
export const DEFAULT_VOICE = 'af_heart';
const MAX_BODY_BYTES = 1024 * 1024;

export type Hub = {
  app: FastifyInstance;
  sessions: SessionService;
  voice: VoiceService;
  permissions: PermissionService;
  token: string;
  tokenPath: string | null;
  /** Every route with its authorization scope (docs/security.md); complete once started. */
  routes: RouteEntry[];
  /** A fresh single-use login link for the page (`/?login=<code>`, valid 10 minutes), as a path. */
  loginPath(): string;
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
  const db: Db = openDatabase(join(config.dataDir, DB_FILE_NAME));
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: true,
    // One line per request drowns what matters; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  });
  let hubUrl = '';
  const tmuxConf = join(config.sessionsTemplateDir, 'tmux.conf');
  // Sessions, and the tmux server that starts their panes, never get the hub's secrets.
  const sessionEnv = sessionEnvironment(env, [token]);
  const tmuxRunner = new TmuxRunner(config.tmuxSocket, tmuxConf, sessionEnv);
  const tmux = options.tmux ?? new ExecaTmux(tmuxRunner);
  const converse = new ConverseBroker();
  const history = new HistoryStore(db);
  const followStore = new FollowStore(db);
  const claudeVersions = new ClaudeVersions(sessionEnv, app.log);
  const sessions = new SessionService({
    dataDir: config.dataDir,
    claudeBin: config.claudeBin,
    hookTransport: (claudePath) => claudeVersions.hookTransport(claudePath),
    sessionsTemplateDir: config.sessionsTemplateDir,
    proxyEntry: config.proxyEntry,
    nodeBin: process.execPath,
    hubEnv: env,
    sessionEnv,
    hubUrl: () => hubUrl,
    tmux,
    defaultVoice: DEFAULT_VOICE,
    permissionTimeoutMs: config.permissionTimeoutMs,
    now: () => new Date(),
    store: new SqliteSessionStore(db),
    converse,
    log: app.log,
    history,
    knownTranscriptPath: (id) => followStore.get(id)?.path,
  });
  const engines =
    options.engines ?? createDefaultEngines(config.modelsDir, app.log, { whisperModel: config.whisperModel });
  const ffmpegPath = memoize(() => resolveFfmpegPath(env.PATH));
  const timeline = new Timeline(new SqliteEventStore(db));
  const transcript = new TranscriptLog(timeline);
  // What Claude writes outside converse (replies, prompts typed in, tool calls), from its own file.
  const follower = new ClaudeTranscriptFollower({
    store: followStore,
    transcript,
    setContextPercent: (id, percent) => {
      if (sessions.has(id)) sessions.setContextPercent(id, percent);
    },
    log: app.log,
  });
  sessions.onChange((change) => {
    if (change.type === 'removed') follower.forget(change.id);
    else if (change.session.state === 'exited') void follower.stop(change.session.id);
  });
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

  const logins = new PageLogins(db);
  const loginCodes: LoginCodes = new OneTimeSecrets('login links', LOGIN_CODE_TTL_MS);
  const terminal = createTerminalBridge({
    sessions,
    tmux,
    attacher: new PtyTmuxAttacher(tmuxRunner),
    dataDir: config.dataDir,
    settings: config.terminal,
    now: Date.now,
    log: app.log,
    // Messages are not typed into a session while a person is typing into it.
    onHumanInput: (sessionId) => messaging.noteHumanInput(sessionId),
  });

  await app.register(websocket, { options: { maxPayload: MAX_BODY_BYTES } });
  installErrorHandling(app);
  const routes = installScopes(app);
  // Anyone: nothing here holds data; logging in checks its own code or token.
  await app.register(
    scope('public', null, (scoped) => {
      registerHealthRoutes(scoped, sessions, VERSION);
      registerWebRoutes(scoped);
      registerVoiceAssets(scoped, config.modelsDir);
      registerLoginRoute(scoped, { hubToken: token, logins, codes: loginCodes });
    }),
  );
  // The person: the hub token (scripts, the CLI, orchestrators) or a page login.
  await app.register(
    scope('person', personCheck({ hubToken: token, logins }), (scoped) => {
      registerSessionRoutes(scoped, sessions, tmux);
      registerMessagingRoutes(scoped, { sessions, messaging, timeline, transcript });
      registerMcpEndpoint(scoped, { sessions, messaging, timeline, permissions, tmux, version: VERSION });
      registerVoiceRoutes(scoped, { sessions, voice, tts: engines.tts });
      registerTranscriptRoutes(scoped, { sessions, transcript });
      registerHistoryRoutes(scoped, { sessions, history });
      registerPermissionRoutes(scoped, { sessions, permissions });
      registerBrowserSocket(scoped, { sessions, voice, transcript, permissions });
      registerLoginAdminRoutes(scoped, { logins, codes: loginCodes });
      terminal.registerRoutes(scoped);
    }),
  );
  // One session, with its own token: its hooks and its proxy, never anything of another session.
  await app.register(
    scope(
      'session',
      sessionCheck((id) => (sessions.has(id) ? sessions.record(id).proxyToken : undefined)),
      (scoped) => {
        registerHookRoutes(scoped, {
          sessions,
          messaging,
          recorder,
          follower,
          transcriptPath: (cwd, claudeSessionId) => claudeTranscriptPath(sessionEnv, cwd, claudeSessionId),
        });
        registerPermissionHookRoutes(scoped, permissions);
        registerProxySocket(scoped, { sessions, voice, messaging, hubUrl: () => hubUrl });
      },
    ),
  );
  // A single-use ticket the person asked for: the terminal socket.
  await app.register(scope('ticket', terminal.ticketCheck, (scoped) => terminal.registerSocket(scoped)));

  return {
    app,
    sessions,
    voice,
    permissions,
    token,
    tokenPath,
    routes,
    loginPath: () => loginPath(loginCodes).path,
    async start() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      // Proxies run on this machine: a wildcard bind is reached on loopback.
      const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
      hubUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      lock.announce(hubUrl);
      const gone = await readoptSessions({ sessions, tmux, log: app.log });
      for (const session of sessions.list()) if (session.state !== 'exited') follower.resume(session.id);
      await terminal.resume();
      permissions.start();
      monitor.start(options.monitorIntervalMs);
      if (config.resumeOnStart) await resumeAfterReboot({ sessions, ids: gone, log: app.log });
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
      await follower.close();
      sessions.close();
      await app.close();
      db.close();
      lock.release();
    },
  };
}

function memoize<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
