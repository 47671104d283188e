import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { voiceNameSchema } from '../../protocol/session.js';
import type { HubLink } from '../hub-link.js';
import { toolResult } from './tool-result.js';

const name = 'converse';

const config = {
  title: 'Talk with the user',
  description:
    'Speak a message aloud to the user and return their spoken reply as text. In voice mode, use this ' +
    'for every question, update or answer meant for the user, instead of writing it in your reply: the ' +
    'user is listening, not reading. Keep messages short and conversational; no markdown, code blocks or ' +
    'URLs. The result is what the user said, or a marker in parentheses such as "(no speech detected)", ' +
    '"(session muted)", "(no browser connected: message queued)" or "(user replied in text) …". Set ' +
    'wait_for_response to false to say something without waiting for an answer.',
  inputSchema: {
    message: z.string().min(1).max(100_000).describe('What to say to the user, as plain spoken sentences.'),
    wait_for_response: z
      .boolean()
      .default(true)
      .describe("Wait for the user's reply (default true). False: speak and return at once."),
    voice: voiceNameSchema
      .optional()
      .describe('A voice id such as "af_heart" for this message only; default: the session\'s voice.'),
  },
};

export function registerConverseTool(server: McpServer, link: HubLink): void {
  server.registerTool(name, config, async (args, extra) => {
    const outcome = await link.call(
      {
        type: 'converse',
        message: args.message,
        waitForResponse: args.wait_for_response,
        ...(args.voice === undefined ? {} : { voice: args.voice }),
      },
      extra.signal,
    );
    return toolResult(outcome);
  });
}
