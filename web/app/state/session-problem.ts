import type { Session } from '../../../protocol/session.js';
import { formatClock } from './format.js';

/**
 * A proxy gone for less than this is a hub restart or a fresh start in progress (proxies
 * reconnect within a second or two): not worth alarming the person about yet.
 */
export const PROBLEM_GRACE_MS = 5_000;

/**
 * What the page says about a session whose MCP proxy is gone while Claude Code runs: every
 * Switchboard tool (converse, messages) is gone from it, and Claude Code does not bring a dead
 * MCP server back by itself. `short` for the roster, `long` with what to do.
 */
export function sessionProblem(session: Session, now: number): { short: string; long: string } | null {
  if (session.proxyDisconnectedAt === null) return null;
  const since = Date.parse(session.proxyDisconnectedAt);
  if (!Number.isFinite(since) || now - since < PROBLEM_GRACE_MS) return null;
  const at = formatClock(session.proxyDisconnectedAt, now);
  return {
    short: `proxy: disconnected since ${at}`,
    long: `Switchboard's tools are gone from ${session.name}: its MCP proxy disconnected at ${at}. In its terminal, type /mcp and reconnect "switchboard".`,
  };
}
