import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { createSessionRequestSchema } from '../../protocol/session.js';
import { AppError } from '../errors.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tmux } from '../tmux/tmux.js';
import { jsonResult } from './tool-kit.js';

export type SessionToolDeps = { sessions: SessionService; tmux: Tmux };

const target = z.string().min(1).describe('The session: its id, its name, or its folder name.');
/** tmux key names only (Enter, Escape, C-c, Up, y…): never raw text, which `send` types safely. */
const keyName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, 'must be a tmux key name such as Enter, Escape, C-c, y');

/** Sessions: list, spawn, stop (or forget), resume, status, interrupt, screenshot, keystroke. */
export function registerSessionTools(server: McpServer, deps: SessionToolDeps): void {
  const { sessions, tmux } = deps;

  server.registerTool(
    'list_sessions',
    {
      description:
        'List the Claude Code sessions on this switchboard: id, name, folder (cwd), state (starting, ready, busy, idle, waiting_input, waiting_permission, dialog, exited), status text and context-window %. Stopped sessions stay listed (exited, with resumable) until forgotten; state "live" or "exited" lists only those.',
      inputSchema: { state: z.enum(['live', 'exited']).optional() },
    },
    ({ state }) => jsonResult(() => ({ sessions: sessions.list({ state }).map(summary) })),
  );

  server.registerTool(
    'spawn_session',
    {
      description:
        'Start a new Claude Code session. Without cwd the hub makes a fresh folder; with cwd (an absolute path to an existing folder) it works there. prompt starts its first turn. Returns the session; wait for state "ready" or "busy" with status or wait_for_activity.',
      inputSchema: createSessionRequestSchema.shape,
    },
    (args) => jsonResult(async () => ({ session: summary(await sessions.create(args)) })),
  );

  server.registerTool(
    'stop_session',
    {
      description:
        'Stop a session: its folder, transcript and timeline stay, and resume_session can continue it later. forget: true also deletes it and its history (transcript, timeline, inbox, permission log, recordings) for good; its folder always stays.',
      inputSchema: {
        session: target,
        forget: z.boolean().optional().describe('Delete the session and its history too (cannot be undone).'),
      },
    },
    ({ session, forget }) =>
      jsonResult(async () => {
        const found = sessions.resolve(session);
        if (forget === true) {
          await sessions.forget(found.id, 'mcp');
          return { forgotten: found.id };
        }
        return { stopped: summary(await sessions.stop(found.id, 'mcp')) };
      }),
  );

  server.registerTool(
    'resume_session',
    {
      description:
        'Resume a stopped (exited) session in its folder with its earlier conversation (claude --resume), under the same id and name. prompt starts its next turn.',
      inputSchema: { session: target, prompt: z.string().min(1).max(100_000).optional() },
    },
    ({ session, prompt }) =>
      jsonResult(async () => ({
        session: summary(await sessions.resume(sessions.resolve(session).id, { prompt })),
      })),
  );

  server.registerTool(
    'status',
    {
      description: "One session's current state, status text, pending question and context %.",
      inputSchema: { session: target },
    },
    ({ session }) => jsonResult(() => ({ session: summary(sessions.get(sessions.resolve(session).id)) })),
  );

  server.registerTool(
    'interrupt',
    {
      description:
        'Interrupt what the session is doing right now (presses Escape in Claude Code), like a person would.',
      inputSchema: { session: target },
    },
    ({ session }) =>
      jsonResult(async () => {
        const found = live(sessions.get(sessions.resolve(session).id));
        await tmux.sendKeys(found.tmuxSession, ['Escape']);
        return { interrupted: found.id };
      }),
  );

  server.registerTool(
    'screenshot',
    {
      description:
        "The session's terminal screen as text (what a person would see), with `lines` of scrollback.",
      inputSchema: { session: target, lines: z.number().int().min(0).max(2000).optional() },
    },
    ({ session, lines }) =>
      jsonResult(async () => {
        const found = live(sessions.get(sessions.resolve(session).id));
        return { screen: await tmux.capturePane(found.tmuxSession, lines === undefined ? {} : { lines }) };
      }),
  );

  server.registerTool(
    'keystroke',
    {
      description:
        'Press keys in the session\'s terminal, by tmux key name (e.g. ["Down", "Enter"], ["Escape"], ["1"]): for dialogs and menus. To send text, use send.',
      inputSchema: { session: target, keys: z.array(keyName).min(1).max(32) },
    },
    ({ session, keys }) =>
      jsonResult(async () => {
        const found = live(sessions.get(sessions.resolve(session).id));
        await tmux.sendKeys(found.tmuxSession, keys);
        return { sent: keys };
      }),
  );
}

type SessionLike = ReturnType<SessionService['list']>[number];

function summary(s: SessionLike) {
  return {
    id: s.id,
    name: s.name,
    cwd: s.cwd,
    state: s.state,
    statusText: s.statusText,
    pendingQuestion: s.pendingConverse,
    contextPercent: s.contextPercent,
    lastActivityAt: s.lastActivityAt,
    exitReason: s.exitReason,
    resumable: s.resumable,
  };
}

function live(session: SessionLike): SessionLike {
  if (session.state === 'exited') throw new AppError('conflict', `Session "${session.name}" has exited.`);
  return session;
}
