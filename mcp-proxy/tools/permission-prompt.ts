import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { PermissionRequest } from '../../protocol/permissions.js';
import { formatDuration } from '../call-texts.js';
import { newRequestKey } from '../permission/ask-hub.js';
import type { AskOutcome, PermissionAsker } from '../permission/ask-hub.js';

const name = 'permission_prompt';

const config = {
  title: 'Ask the person for permission',
  description:
    'Claude Code calls this itself in headless sessions started with --permission-prompt-tool ' +
    'mcp__switchboard__permission_prompt, to ask the person at the switchboard (page, voice or an ' +
    'orchestrator) whether a tool may run. Do not call it yourself: it does not grant anything. It waits ' +
    'for the decision and returns JSON, either {"behavior":"allow","updatedInput":{…}} or ' +
    '{"behavior":"deny","message":"…"}; no decision in time is a deny whose message says why.',
  inputSchema: {
    tool_name: z.string().min(1).describe('The tool that wants to run, e.g. "Bash".'),
    input: z.record(z.string(), z.unknown()).describe("The tool's input, as the model gave it."),
    tool_use_id: z.string().optional().describe("The tool call's id."),
  },
};

/** Claude Code's permission-prompt answer; `updatedInput` is required on allow (it reads its keys). */
type PromptAllow = {
  behavior: 'allow';
  updatedInput: Record<string, unknown>;
  updatedPermissions?: unknown[];
};
type PromptAnswer = PromptAllow | { behavior: 'deny'; message: string };

export function registerPermissionPromptTool(server: McpServer, askPermission: PermissionAsker): void {
  server.registerTool(name, config, async (args, extra) => {
    const outcome = await askPermission(
      {
        requestKey: newRequestKey(),
        toolName: args.tool_name,
        toolInput: args.input,
        suggestions: [],
        via: 'tool',
      },
      extra.signal,
    );
    return answer(promptAnswer(outcome, args.input));
  });
}

/** What Claude Code gets for `outcome`. Anything but a decision is a deny: headless mode has no prompt. */
export function promptAnswer(outcome: AskOutcome, input: Record<string, unknown>): PromptAnswer {
  switch (outcome.kind) {
    case 'decided':
      return decided(outcome.request, input);
    case 'closed': {
      const { request } = outcome;
      return request.state === 'expired'
        ? deny(`${noDecisionText(request)} ${awayAdvice}`)
        : deny(
            `The permission request was cancelled (by ${request.decidedBy ?? 'the hub'}) before anyone decided; denied.`,
          );
    }
    case 'timed-out':
      return outcome.problem === null
        ? deny(
            `No decision from the person within ${formatDuration(outcome.waitedMs)}; denied. ${awayAdvice}`,
          )
        : deny(
            `Could not reach the switchboard hub to ask the person (${outcome.problem}); denied after ` +
              `${formatDuration(outcome.waitedMs)}. Try again later.`,
          );
    case 'refused':
      return deny(
        `The switchboard hub refused the permission request (${outcome.problem}); denied. Asking again ` +
          'will not help; tell the person.',
      );
    case 'aborted':
      return deny('The permission request was cancelled before the person decided; denied.');
  }
}

const awayAdvice =
  'The person may be away: say what you need and why, then try again later or go on without it.';

function decided(request: PermissionRequest, input: Record<string, unknown>): PromptAnswer {
  if (request.state !== 'allowed') {
    return deny(request.message ?? `Denied by the user (${request.decidedBy ?? 'switchboard'}).`);
  }
  const allow: PromptAllow = { behavior: 'allow', updatedInput: request.updatedInput ?? input };
  if (request.scope === 'session') {
    // The same rule the hook gives Claude Code (protocol/permissions.ts hookDecisionOutput).
    allow.updatedPermissions = [
      {
        type: 'addRules',
        rules: [{ toolName: request.toolName }],
        behavior: 'allow',
        destination: 'session',
      },
    ];
  }
  return allow;
}

function noDecisionText(request: PermissionRequest): string {
  const window = Date.parse(request.expiresAt) - Date.parse(request.createdAt);
  const within = Number.isFinite(window) && window > 0 ? ` within ${formatDuration(window)}` : '';
  return `No decision from the person${within}; denied.`;
}

function deny(message: string): PromptAnswer {
  return { behavior: 'deny', message };
}

/** Never `isError`: Claude Code reads the decision from the text, and a deny is an answer, not a failure. */
function answer(result: PromptAnswer): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(result) }], isError: false };
}
