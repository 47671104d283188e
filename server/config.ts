import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { TerminalSettings } from './terminal/terminal.js';
import { PROJECT_ROOT } from './paths.js';
import type { VoiceSettings } from './voice/voice-settings.js';

const MIB = 1024 * 1024;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/**
 * The hub's whole configuration, read from the environment once in main.ts and passed down.
 * The SWITCHBOARD_* names are public: the CLI, the docs and users' scripts rely on them.
 */
const envSchema = z.object({
  SWITCHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3460),
  SWITCHBOARD_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SWITCHBOARD_DATA_DIR: optionalString,
  SWITCHBOARD_TOKEN: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters (or unset it to generate one)').optional(),
  ),
  SWITCHBOARD_CLAUDE_BIN: z.string().trim().min(1).default('claude'),
  SWITCHBOARD_MODELS_DIR: optionalString,
  /** tmux server socket name (`tmux -L <name>`); a second hub on the same machine needs its own. */
  SWITCHBOARD_TMUX_SOCKET: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be letters, digits, "_", "." or "-"')
    .default('switchboard'),
  /** Minutes of no activity after which a session is stopped; 0 (the default) never stops one. */
  SWITCHBOARD_IDLE_TIMEOUT_MIN: z.coerce.number().min(0).default(0),
  /** Allow a non-loopback SWITCHBOARD_HOST without TLS files (only behind Tailscale or a proxy). */
  SWITCHBOARD_ALLOW_INSECURE_BIND: booleanFromEnv.default(false),
  /** Resume, at start, the sessions whose tmux was gone (a reboot); off: they wait in Past sessions. */
  SWITCHBOARD_RESUME_ON_START: booleanFromEnv.default(false),
  /** Silence (ms) that ends the person's utterance; more speech resets it. */
  SWITCHBOARD_SILENCE_MS: z.coerce.number().int().min(200).max(10_000).default(800),
  SWITCHBOARD_MIN_UTTERANCE_MS: z.coerce.number().int().min(0).max(5_000).default(250),
  /** Seconds of listening with nobody speaking before converse answers "(no speech detected)". */
  SWITCHBOARD_MAX_LISTEN_S: z.coerce.number().min(1).max(600).default(30),
  /** Seconds a converse waits for a page to connect before answering that none is. */
  SWITCHBOARD_NO_BROWSER_WAIT_S: z.coerce.number().min(0).max(86_400).default(120),
  /**
   * Seconds a permission prompt waits for a decision from the page, by voice or over the API.
   * After that no decision is given and Claude Code's own prompt in the terminal decides.
   */
  SWITCHBOARD_PERMISSION_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(120),
  /** Speak sentence by sentence as they are synthesized (1) or the whole message at once (0). */
  SWITCHBOARD_TTS_STREAMING: booleanFromEnv.default(true),
  /** The Whisper model for speech recognition (docs/voice.md: why tiny.en is the default). */
  SWITCHBOARD_WHISPER_MODEL: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
      'must be a Hugging Face model id such as "Xenova/whisper-tiny.en"',
    )
    .default('Xenova/whisper-tiny.en'),
  /** Seconds a terminal ticket (POST /api/sessions/:id/terminal-ticket) stays valid. */
  SWITCHBOARD_TERMINAL_TICKET_S: z.coerce.number().min(0.1).max(600).default(30),
  /** Terminal recordings: a new .cast file is started past this many MiB... */
  SWITCHBOARD_RECORDING_FILE_MB: z.coerce.number().min(0.001).max(1024).default(5),
  /** ...and a session's files are kept under this many MiB (the oldest are deleted). */
  SWITCHBOARD_RECORDING_CAP_MB: z.coerce.number().min(0.001).max(1_048_576).default(50),
  SWITCHBOARD_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

export type HubConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** Fixed token from the environment; otherwise one is generated into the data dir. */
  token: string | undefined;
  claudeBin: string;
  modelsDir: string;
  tmuxSocket: string;
  idleTimeoutMs: number;
  allowInsecureBind: boolean;
  /** Resume the sessions a reboot ended when the hub starts (SWITCHBOARD_RESUME_ON_START). */
  resumeOnStart: boolean;
  logLevel: z.infer<typeof envSchema>['SWITCHBOARD_LOG_LEVEL'];
  voice: VoiceSettings;
  whisperModel: string;
  permissionTimeoutMs: number;
  terminal: TerminalSettings;
  /** Folder copied into every session folder the hub makes itself. */
  sessionsTemplateDir: string;
  /** The compiled proxy entry point that sessions run for MCP and hooks. */
  proxyEntry: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into the hub's config; a bad value throws one message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HubConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.SWITCHBOARD_RECORDING_CAP_MB < e.SWITCHBOARD_RECORDING_FILE_MB) {
    throw new ConfigError(
      `Invalid configuration:\n  SWITCHBOARD_RECORDING_CAP_MB: must be at least SWITCHBOARD_RECORDING_FILE_MB (${e.SWITCHBOARD_RECORDING_FILE_MB})`,
    );
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    port: e.SWITCHBOARD_PORT,
    host: e.SWITCHBOARD_HOST,
    dataDir: absolute(e.SWITCHBOARD_DATA_DIR ?? join(homedir(), '.switchboard')),
    token: e.SWITCHBOARD_TOKEN,
    claudeBin: e.SWITCHBOARD_CLAUDE_BIN,
    modelsDir: absolute(e.SWITCHBOARD_MODELS_DIR ?? join(PROJECT_ROOT, 'models')),
    tmuxSocket: e.SWITCHBOARD_TMUX_SOCKET,
    idleTimeoutMs: e.SWITCHBOARD_IDLE_TIMEOUT_MIN * 60_000,
    allowInsecureBind: e.SWITCHBOARD_ALLOW_INSECURE_BIND,
    resumeOnStart: e.SWITCHBOARD_RESUME_ON_START,
    logLevel: e.SWITCHBOARD_LOG_LEVEL,
    whisperModel: e.SWITCHBOARD_WHISPER_MODEL,
    permissionTimeoutMs: e.SWITCHBOARD_PERMISSION_TIMEOUT_S * 1000,
    terminal: {
      ticketTtlMs: Math.round(e.SWITCHBOARD_TERMINAL_TICKET_S * 1000),
      recordingFileBytes: Math.round(e.SWITCHBOARD_RECORDING_FILE_MB * MIB),
      recordingCapBytes: Math.round(e.SWITCHBOARD_RECORDING_CAP_MB * MIB),
    },
    voice: {
      silenceMs: e.SWITCHBOARD_SILENCE_MS,
      minUtteranceMs: e.SWITCHBOARD_MIN_UTTERANCE_MS,
      maxListenMs: e.SWITCHBOARD_MAX_LISTEN_S * 1000,
      noBrowserWaitMs: e.SWITCHBOARD_NO_BROWSER_WAIT_S * 1000,
      streaming: e.SWITCHBOARD_TTS_STREAMING,
    },
    sessionsTemplateDir: join(PROJECT_ROOT, 'sessions-template'),
    // The bundle (scripts/bundle-proxy.mjs): one file per entry starts faster than the modules.
    proxyEntry: join(PROJECT_ROOT, 'dist', 'bundled', 'mcp-proxy', 'main.js'),
  };
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
}
