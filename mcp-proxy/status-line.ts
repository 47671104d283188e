import type { Readable, Writable } from 'node:stream';
import type { StatusLineReport } from '../protocol/hooks.js';
import type { ProxyConfig } from './config.js';
import { readAll } from './hook.js';
import { hubEndpoint } from './hub-url.js';
import { errorMessage, type Log } from './log.js';

/** Claude Code redraws while the status line runs; one quick try, no retries. */
const READ_MS = 300;
const POST_MS = 500;

export type StatusLineDeps = {
  config: ProxyConfig;
  stdin: Readable;
  stdout: Writable;
  log: Log;
  fetch?: typeof fetch;
};

/**
 * Status-line mode: Claude Code pipes its status JSON in and shows what we print. The hub gets
 * the context-window fill (for the roster); the person sees that the session is on Switchboard.
 */
export async function runStatusLine(deps: StatusLineDeps): Promise<void> {
  let contextPercent: number | null = null;
  try {
    contextPercent = readContextPercent(JSON.parse(await readAll(deps.stdin, READ_MS)) as unknown);
  } catch (error) {
    deps.log.error(`status line: unreadable status JSON: ${errorMessage(error)}`);
  }
  const context = contextPercent === null ? '' : ` · context ${Math.round(contextPercent)}%`;
  deps.stdout.write(`Switchboard${context}\n`);
  const report: StatusLineReport = { contextPercent };
  const url = hubEndpoint(
    deps.config.hubUrl,
    `hooks/${encodeURIComponent(deps.config.sessionId)}/status-line`,
  );
  try {
    const response = await (deps.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${deps.config.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(POST_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) deps.log.error(`status line: the hub answered HTTP ${response.status}`);
  } catch (error) {
    deps.log.error(`status line: could not reach the hub: ${errorMessage(error)}`);
  }
}

/** `context_window.used_percentage` of Claude Code's status JSON, when it is a number in 0..100. */
export function readContextPercent(status: unknown): number | null {
  if (typeof status !== 'object' || status === null) return null;
  const window = (status as { context_window?: unknown }).context_window;
  if (typeof window !== 'object' || window === null) return null;
  const used = (window as { used_percentage?: unknown }).used_percentage;
  return typeof used === 'number' && Number.isFinite(used) && used >= 0 && used <= 100 ? used : null;
}
