import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallOutcome } from '../hub-link.js';

export function toolResult(outcome: CallOutcome): CallToolResult {
  return { content: [{ type: 'text', text: outcome.text }], isError: outcome.isError };
}
