import { execa } from 'execa';
import type { FastifyBaseLogger } from 'fastify';
import type { HookTransport } from './session-files.js';

/**
 * The first Claude Code release with HTTP hooks (`"type": "http"`): 2.1.63, read from the
 * published bundles (2.1.62's cli.js has no HTTP hook runner, 2.1.63's has it, with "HTTP hooks
 * are not supported for SessionStart"); the sessions' tests run them with 2.1.197.
 */
export const HTTP_HOOKS_SINCE: readonly [number, number, number] = [2, 1, 63];

/** `claude --version` prints e.g. "2.1.197 (Claude Code)". */
export function parseClaudeVersion(output: string): [number, number, number] | null {
  const match = /^\s*(\d+)\.(\d+)\.(\d+)/.exec(output);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function hookTransportOf(version: readonly [number, number, number] | null): HookTransport {
  if (version === null) return 'command';
  for (let i = 0; i < 3; i++) {
    if (version[i]! !== HTTP_HOOKS_SINCE[i]!) return version[i]! > HTTP_HOOKS_SINCE[i]! ? 'http' : 'command';
  }
  return 'http';
}

/**
 * How this Claude Code executable reports hooks, asked once per executable and hub (a session
 * start must not pay for `claude --version` each time). A version that cannot be read gets the
 * command hooks, which every version runs.
 */
export class ClaudeVersions {
  private readonly known = new Map<string, Promise<HookTransport>>();

  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly log: FastifyBaseLogger,
  ) {}

  hookTransport(claudePath: string): Promise<HookTransport> {
    let transport = this.known.get(claudePath);
    if (transport === undefined) {
      transport = this.ask(claudePath);
      this.known.set(claudePath, transport);
    }
    return transport;
  }

  private async ask(claudePath: string): Promise<HookTransport> {
    try {
      const { stdout } = await execa(claudePath, ['--version'], {
        env: { ...this.env },
        extendEnv: false,
        timeout: 15_000,
        stdin: 'ignore',
      });
      const version = parseClaudeVersion(stdout);
      const transport = hookTransportOf(version);
      this.log.info(
        { claudePath, version: stdout.trim().slice(0, 80), hooks: transport },
        'Claude Code version',
      );
      return transport;
    } catch (error) {
      this.log.warn({ claudePath, err: error }, 'could not read the Claude Code version: command hooks');
      return 'command';
    }
  }
}
