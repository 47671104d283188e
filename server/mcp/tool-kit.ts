import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../errors.js';

/**
 * A tool's answer as JSON text; a failure the caller can fix (an AppError: unknown session, a
 * conflict…) is an `isError` result whose sentence says what to do, never a protocol error.
 */
export async function jsonResult(work: () => unknown): Promise<CallToolResult> {
  try {
    const value = await work();
    return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] };
  } catch (error) {
    if (error instanceof AppError) return { content: [{ type: 'text', text: error.message }], isError: true };
    throw error;
  }
}
