import { z } from 'zod';

/**
 * The proxy's whole configuration. Claude Code passes it in the `env` of the session's mcp.json (server
 * mode); the hub puts the same variables in front of the hook command (hook mode).
 */
export interface ProxyConfig {
  sessionId: string;
  hubUrl: URL;
  token: string;
  /** How long a call waits for an unreachable hub before it is answered with an error. */
  giveUpMs: number;
  /**
   * How long the hub gives the person to answer a permission prompt (the hub's own setting, passed
   * down so the proxy knows when to stop waiting for a hub that never answered).
   */
  permissionTimeoutMs: number;
}

const required = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is not set' : `must be ${what}`) })
    .trim()
    .min(1, 'must not be empty');

/** A positive number of seconds; an empty value means "not set", as in a shell. */
const seconds = (fallback: number) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce
      .number({ error: 'must be a number of seconds' })
      .positive('must be a positive number of seconds')
      .max(86_400, 'must be at most 86400 seconds')
      .default(fallback),
  );

const envSchema = z.object({
  SWITCHBOARD_SESSION_ID: required('a session id').max(200, 'must be at most 200 characters'),
  SWITCHBOARD_HUB_URL: required('a URL').transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an http(s) URL such as http://127.0.0.1:3460 (got "${value}")`,
      });
      return z.NEVER;
    }
    return url;
  }),
  SWITCHBOARD_SESSION_TOKEN: required('a token'),
  SWITCHBOARD_PROXY_GIVE_UP_S: seconds(30),
  SWITCHBOARD_PERMISSION_TIMEOUT_S: seconds(120),
});

export type ConfigResult = { ok: true; config: ProxyConfig } | { ok: false; message: string };

/** Parses the proxy's environment; a failure names the first bad variable and never echoes the token. */
export function parseProxyConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    return { ok: false, message: `${variable} ${issue?.message ?? 'is invalid'}` };
  }
  const data = parsed.data;
  return {
    ok: true,
    config: {
      sessionId: data.SWITCHBOARD_SESSION_ID,
      hubUrl: data.SWITCHBOARD_HUB_URL,
      token: data.SWITCHBOARD_SESSION_TOKEN,
      giveUpMs: Math.round(data.SWITCHBOARD_PROXY_GIVE_UP_S * 1000),
      permissionTimeoutMs: Math.round(data.SWITCHBOARD_PERMISSION_TIMEOUT_S * 1000),
    },
  };
}
