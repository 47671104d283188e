import type { Readable, Writable } from 'node:stream';
import { hookDecisionOutput, permissionHookPayloadSchema } from '../../protocol/permissions.js';
import type { PermissionAsk } from '../../protocol/permissions.js';
import type { ProxyConfig } from '../config.js';
import type { HubRequest } from '../hub-http.js';
import { readAll } from '../stdin.js';
import { errorMessage } from '../log.js';
import type { Log } from '../log.js';
import { NO_ANSWER_GRACE_MS, askAndWait, newRequestKey } from './ask-hub.js';
import type { AskOutcome } from './ask-hub.js';

/** Claude Code writes the payload and closes stdin at once; this only bounds a stdin left open. */
const READ_MS = 2_000;
/** The hub accepts at most this many suggestions; Claude Code sends a handful. */
const MAX_SUGGESTIONS = 50;

export interface PermissionHookDeps {
  config: ProxyConfig;
  stdin: Readable;
  stdout: Writable;
  log: Log;
  request?: HubRequest;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  newRequestKey?: () => string;
}

export type PermissionHookResult = AskOutcome['kind'] | 'invalid-payload';

/**
 * `main.js permission`, Claude Code's PermissionRequest hook: hands the request to the hub, waits for
 * the person, and prints Claude Code's decision JSON. It prints nothing at all unless someone
 * decided, so that without a decision Claude Code shows its own prompt: never a silent allow.
 * Never throws; stdout carries the decision only (logs go to `log`).
 */
export async function runPermissionHook(deps: PermissionHookDeps): Promise<PermissionHookResult> {
  const { config, log } = deps;
  let json: unknown;
  try {
    json = JSON.parse(await readAll(deps.stdin, READ_MS));
  } catch (error) {
    log.error(`permission: unreadable hook payload: ${errorMessage(error)}`);
    return 'invalid-payload';
  }
  const parsed = permissionHookPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
    );
    log.error(`permission: invalid PermissionRequest payload: ${issues.join('; ').slice(0, 300)}`);
    return 'invalid-payload';
  }
  const payload = parsed.data;
  const ask: PermissionAsk = {
    requestKey: (deps.newRequestKey ?? newRequestKey)(),
    toolName: payload.tool_name,
    toolInput: payload.tool_input,
    suggestions: (payload.permission_suggestions ?? []).slice(0, MAX_SUGGESTIONS),
    via: 'hook',
  };
  const outcome = await askAndWait({
    config,
    ask,
    log,
    localDeadlineMs: config.permissionTimeoutMs + NO_ANSWER_GRACE_MS,
    ...(deps.request === undefined ? {} : { request: deps.request }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  });
  const output = outcome.kind === 'decided' ? hookDecisionOutput(outcome.request) : null;
  if (output === null) {
    log.info(`permission: no decision for ${ask.toolName}; Claude Code's own prompt decides`);
    return outcome.kind;
  }
  await write(deps.stdout, `${JSON.stringify(output)}\n`);
  return outcome.kind;
}

/** Resolves once the text is handed to the OS, so exiting right after cannot lose the decision. */
function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    // Claude Code gone (EPIPE): nobody is left to read the decision, and the hook must not crash.
    stream.once('error', () => resolve());
    stream.write(text, () => resolve());
  });
}
