import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { HubLink } from '../hub-link.js';
import { toolResult } from './tool-result.js';

const name = 'whoami';

const config = {
  title: 'Who am I',
  description:
    "Return this session's switchboard identity as JSON: its id, its name (how the user and other " +
    'sessions address it), its folder, and its voice.',
  inputSchema: {},
};

export function registerWhoamiTool(server: McpServer, link: HubLink): void {
  server.registerTool(name, config, async (_args, extra) => {
    // Ask the hub when it is there (the name or voice may have changed since the welcome); otherwise
    // answer from the latest welcome rather than make the model wait for a hub that is away.
    const known = link.session;
    if (link.connected || known === undefined) {
      return toolResult(await link.call({ type: 'whoami' }, extra.signal));
    }
    const { id, name: sessionName, cwd, voice } = known;
    const text = JSON.stringify({
      id,
      name: sessionName,
      cwd,
      voice,
      note: 'hub unreachable: as of the last connection',
    });
    return toolResult({ text, isError: false });
  });
}
