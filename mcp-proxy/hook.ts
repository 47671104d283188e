import type { Readable, Writable } from 'node:stream';
import { hookAnswerSchema, hookEventNameSchema, hookPayloadSchema } from '../protocol/hooks.js';
import type { HookReport } from '../protocol/hooks.js';
import type { ProxyConfig } from './config.js';
import { hookReportUrl } from './hub-url.js';
import { errorMessage } from './log.js';
import type { Log } from './log.js';

/** A hook blocks Claude Code while it runs, so everything here stays well under 3 s. */
export interface HookTiming {
  /** Reading the payload from stdin. */
  readMs: number;
  /** One POST. */
  attemptMs: number;
  /** Pauses before the second and third attempts. */
  retryDelaysMs: readonly number[];
  /** No attempt starts after this much time has passed. */
  budgetMs: number;
}

export const DEFAULT_HOOK_TIMING: HookTiming = {
  readMs: 500,
  attemptMs: 700,
  retryDelaysMs: [100, 250],
  budgetMs: 2_400,
};

const MAX_PAYLOAD_BYTES = 1_000_000;

export interface HookDeps {
  config: ProxyConfig;
  stdin: Readable;
  /** Where the hub's `output` for Claude Code goes (notes for a UserPromptSubmit); none: dropped. */
  stdout?: Writable;
  log: Log;
  fetch?: typeof fetch;
  timing?: HookTiming;
}

export type HookOutcome = 'reported' | 'ignored' | 'failed';

/**
 * Hook mode: read Claude Code's hook JSON from stdin and report it to the hub. Never throws; writes
 * to stdout only the `output` the hub answered with (validated): a hook's output and exit code
 * steer Claude Code, and a broken hub must not break the user's session.
 */
export async function runHook(deps: HookDeps): Promise<HookOutcome> {
  const { config, log } = deps;
  const timing = deps.timing ?? DEFAULT_HOOK_TIMING;
  const started = Date.now();
  let text: string;
  try {
    text = await readAll(deps.stdin, timing.readMs);
  } catch (error) {
    log.error(`hook: could not read the hook payload: ${errorMessage(error)}`);
    return 'failed';
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    log.error(`hook: stdin is not JSON (${text.length} bytes)`);
    return 'failed';
  }
  // Claude Code may run this for events the hub does not follow: not an error, and no report.
  const event =
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>).hook_event_name : undefined;
  if (typeof event === 'string' && !hookEventNameSchema.safeParse(event).success) return 'ignored';
  const parsed = hookPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
    );
    log.error(`hook: invalid hook payload: ${issues.join('; ').slice(0, 300)}`);
    return 'failed';
  }
  const report: HookReport = { payload: parsed.data };
  const url = hookReportUrl(config.hubUrl, config.sessionId);
  const body = JSON.stringify(report);
  const doFetch = deps.fetch ?? fetch;
  const attempts = timing.retryDelaysMs.length + 1;
  let lastProblem = 'no attempt made';
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0) await sleep(timing.retryDelaysMs[attempt - 1] ?? 0);
    const left = timing.budgetMs - (Date.now() - started);
    if (left <= 0) break;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(Math.min(timing.attemptMs, left)),
      });
      if (response.ok) {
        await printAnswer(response, deps.stdout, log);
        return 'reported';
      }
      lastProblem = `HTTP ${response.status} ${(await response.text().catch(() => '')).slice(0, 300)}`.trim();
      // The hub understood and refused (bad token, unknown session, bad payload): retrying cannot help.
      if (
        response.status >= 400 &&
        response.status < 500 &&
        response.status !== 408 &&
        response.status !== 429
      ) {
        break;
      }
    } catch (error) {
      lastProblem = errorMessage(error);
    }
  }
  log.error(`hook: could not report ${parsed.data.hook_event_name} to ${url.origin}: ${lastProblem}`);
  return 'failed';
}

/**
 * Reads stdin to its end. Claude Code closes it after writing the payload; if it stays open longer
 * than `timeoutMs`, whatever arrived so far is used (the JSON parse then decides).
 */
export function readAll(stream: Readable, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_PAYLOAD_BYTES) {
        clearTimeout(timer);
        stream.off('data', onData);
        stream.pause();
        reject(new Error(`payload is larger than ${MAX_PAYLOAD_BYTES} bytes`));
        return;
      }
      chunks.push(buffer);
    };
    const timer = setTimeout(finish, timeoutMs);
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A 200 with `{output}` is printed for Claude Code; a 204 (or anything unexpected) prints nothing. */
async function printAnswer(response: Response, stdout: Writable | undefined, log: Log): Promise<void> {
  if (response.status === 204 || stdout === undefined) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const parsed = hookAnswerSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    return log.error('hook: the hub answered something that is not a hook answer; ignored');
  stdout.write(`${JSON.stringify(parsed.data.output)}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
