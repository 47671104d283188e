import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { permissionRequestSchema } from '../../protocol/permissions.js';
import type { PermissionAsk, PermissionRequest } from '../../protocol/permissions.js';
import { reconnectDelayMs } from '../backoff.js';
import type { ProxyConfig } from '../config.js';
import { formatDuration } from '../call-texts.js';
import { requestHub, type HubAnswer, type HubRequest, type HubRequestInit } from '../hub-http.js';
import { hubEndpoint } from '../hub-url.js';
import { errorMessage } from '../log.js';
import type { Log } from '../log.js';

/** After the hub said when it gives up on a request, wait at most this much longer for its answer. */
export const EXPIRY_GRACE_MS = 5_000;
/** Before the hub ever answered, wait this much longer than the hub's own permission timeout. */
export const NO_ANSWER_GRACE_MS = 10_000;
/** The longest long-poll the hub accepts (`waitS` is 1..25). */
const MAX_WAIT_S = 25;
/** A POST answers at once; this only catches a hub that accepted the connection and hung. */
const POST_TIMEOUT_MS = 10_000;
/** How much longer than `waitS` a long-poll may take before it counts as a hung connection. */
const POLL_SLACK_MS = 5_000;

/**
 * How a wait for the person's decision ended. Only `decided` carries an answer for Claude Code;
 * every other kind means "no decision", never an allow.
 */
export type AskOutcome =
  /** The person (or an orchestrator) decided: `request.state` is allowed or denied. */
  | { kind: 'decided'; request: PermissionRequest }
  /** The hub closed the request without a decision: `request.state` is expired or cancelled. */
  | { kind: 'closed'; request: PermissionRequest }
  /**
   * The local deadline passed. `problem` is why the hub could not be asked (null: the hub was
   * reachable and the request simply stayed pending); `request` is the last state the hub gave.
   */
  | { kind: 'timed-out'; waitedMs: number; problem: string | null; request: PermissionRequest | null }
  /** The hub refused for good (bad token, unknown session, bad request): asking again cannot help. */
  | { kind: 'refused'; status: number; problem: string }
  /** The caller gave up (the MCP request was cancelled). */
  | { kind: 'aborted' };

export interface AskDeps {
  config: Pick<ProxyConfig, 'hubUrl' | 'sessionId' | 'token'>;
  ask: PermissionAsk;
  log: Log;
  /** The longest wait before the hub ever answered; once it has, `expiresAt + 5 s` rules instead. */
  localDeadlineMs: number;
  request?: HubRequest;
  /** Milliseconds since the epoch, compared with the hub's `expiresAt`. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

const requestBodySchema = z.object({ request: permissionRequestSchema });

type Step =
  | { type: 'request'; request: PermissionRequest }
  /** The hub does not know the request id: ask again with the same key. */
  | { type: 'unknown' }
  | { type: 'final'; status: number; problem: string }
  | { type: 'retry'; problem: string };

/**
 * Hands a permission request to the hub and waits for the person's decision: POST the ask, then
 * long-poll it until it is no longer pending. A hub that is down or restarting is retried with
 * backoff (100 ms doubling to 2 s) by asking again with the same `requestKey`, which the hub
 * de-duplicates, so a restart while the person thinks costs nothing. Never rejects.
 */
export async function askAndWait(deps: AskDeps): Promise<AskOutcome> {
  const { config, ask, log, signal } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const doRequest = deps.request ?? requestHub;
  const started = now();
  let deadline = started + deps.localDeadlineMs;
  let known: PermissionRequest | null = null;
  /** Set after a POST answered; cleared when the hub lost the request or could not be reached. */
  let requestId: string | null = null;
  /** Retries since the last long-poll that worked: paces them. */
  let failures = 0;
  /** One warning per outage, not one per retry. */
  let outage = false;
  let problem: string | null = null;
  const base = `hooks/${encodeURIComponent(config.sessionId)}/permission`;
  const headers = { Authorization: `Bearer ${config.token}` };
  // A function, not a narrowed property: the signal can fire while a request is in flight.
  const aborted = (): boolean => signal?.aborted === true;

  for (;;) {
    if (aborted()) return { kind: 'aborted' };
    const left = deadline - now();
    if (left <= 0) {
      const waitedMs = now() - started;
      log.warn(
        `permission: no decision for ${ask.toolName} after ${formatDuration(waitedMs)}` +
          (problem === null ? ' (still pending on the hub)' : `: ${problem}`),
      );
      return { kind: 'timed-out', waitedMs, problem, request: known };
    }
    let step: Step;
    const polling = requestId !== null;
    if (requestId === null) {
      step = await send(doRequest, hubEndpoint(config.hubUrl, base), {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(ask),
        timeoutMs: Math.max(1, Math.min(POST_TIMEOUT_MS, left)),
        ...(signal === undefined ? {} : { signal }),
      });
    } else {
      const waitS = Math.max(1, Math.min(MAX_WAIT_S, Math.floor(left / 1_000)));
      const url = hubEndpoint(config.hubUrl, `${base}/${encodeURIComponent(requestId)}`);
      url.searchParams.set('waitS', String(waitS));
      step = await send(doRequest, url, {
        method: 'GET',
        headers,
        timeoutMs: Math.max(1, Math.min(waitS * 1_000 + POLL_SLACK_MS, left)),
        ...(signal === undefined ? {} : { signal }),
      });
    }
    if (aborted()) return { kind: 'aborted' };

    switch (step.type) {
      case 'request': {
        const request = step.request;
        if (outage) log.info('permission: the hub answers again');
        outage = false;
        // Only a working long-poll proves the hub well: a hub that takes the ask but then loses
        // the request every time must not be asked ten times a second.
        if (polling) failures = 0;
        problem = null;
        known = request;
        requestId = request.id;
        // The hub has taken charge: its expiry, not our first guess, bounds the wait from now on.
        const expiresAt = Date.parse(request.expiresAt);
        if (Number.isFinite(expiresAt)) deadline = expiresAt + EXPIRY_GRACE_MS;
        if (request.state === 'allowed' || request.state === 'denied') return { kind: 'decided', request };
        if (request.state !== 'pending') {
          log.info(
            `permission: ${request.toolName} request ${request.id} ${request.state} without a decision`,
          );
          return { kind: 'closed', request };
        }
        continue;
      }
      case 'final':
        log.error(`permission: the hub refused the ${ask.toolName} request: ${step.problem}`);
        return { kind: 'refused', status: step.status, problem: step.problem };
      case 'unknown':
        problem = 'the hub no longer knows the request';
        log.warn(`permission: the hub does not know request ${requestId ?? '?'}; asking again`);
        requestId = null;
        break;
      case 'retry':
        if (!outage) {
          log.warn(`permission: cannot reach the hub at ${config.hubUrl.origin}: ${step.problem}; retrying`);
        }
        outage = true;
        problem = step.problem;
        // Asking again (same key) finds the request wherever the hub left it, even after a restart.
        requestId = null;
        break;
    }
    const pause = Math.min(reconnectDelayMs(failures), deadline - now());
    failures += 1;
    if (pause > 0) await sleep(pause);
  }
}

async function send(doRequest: HubRequest, url: URL, init: HubRequestInit): Promise<Step> {
  let response: HubAnswer;
  try {
    response = await doRequest(url, init);
  } catch (error) {
    return { type: 'retry', problem: errorMessage(error) };
  }
  const { text } = response;
  if (response.status === 200) {
    const parsed = requestBodySchema.safeParse(parseJson(text));
    // A hub that answers nonsense is treated like one that is not there: its next answer may be right.
    if (!parsed.success) return { type: 'retry', problem: `unexpected answer: ${text.slice(0, 200)}` };
    return { type: 'request', request: parsed.data.request };
  }
  const problem = `HTTP ${response.status} ${text.slice(0, 300)}`.trim();
  // On the long-poll, 404 means the hub lost the request; on the ask itself, that the session is gone.
  if (response.status === 404 && init.method === 'GET') return { type: 'unknown' };
  const { status } = response;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { type: 'final', status, problem };
  }
  return { type: 'retry', problem };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `askAndWait` with the proxy's configuration bound: what the `permission_prompt` tool needs. */
export type PermissionAsker = (ask: PermissionAsk, signal?: AbortSignal) => Promise<AskOutcome>;

/** A fresh request key: 32 hex digits, within the hub's `[A-Za-z0-9_-]{8,64}`. */
export function newRequestKey(): string {
  return randomUUID().replaceAll('-', '');
}
