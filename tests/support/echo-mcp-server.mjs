#!/usr/bin/env node
// A stand-in for the Switchboard proxy in end-to-end tests: a stdio MCP server named `switchboard`
// with one tool, `converse`, that echoes. Plain JS so Claude Code can start it with `node` and no build.
// stdout is the protocol; anything diagnostic goes to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'switchboard', version: '0.0.0-test' });

server.registerTool(
  'converse',
  {
    description: 'Say something to the user and get their answer (test echo).',
    inputSchema: { message: z.string() },
  },
  async ({ message }) => ({ content: [{ type: 'text', text: `you said: ${message}` }] }),
);

await server.connect(new StdioServerTransport());
