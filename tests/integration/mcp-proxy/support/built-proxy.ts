import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '../../../../server/sessions/session-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The proxy as sessions run it: bundled by `npm run build` (scripts/bundle-proxy.mjs). */
export const mainJs = join(root, 'dist/bundled/mcp-proxy/main.js');
/** Its command line as Claude Code starts it from a session's mcp.json, the Node flags included. */
export const proxyArgs = [...PROXY_NODE_FLAGS, mainJs];
/** The command that posts a state hook to the hub (session-files.ts hookCommand). */
export const postHookJs = join(root, 'dist/bundled/mcp-proxy/post-hook.js');

/** Fails with a clear message when dist/ is missing or older than the sources it is built from. */
export function assertBuilt(): void {
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run \`npm run build\` first`);
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  for (const source of [...sources(join(root, 'mcp-proxy')), ...sources(join(root, 'protocol'))]) {
    if (statSync(mainJs).mtimeMs < statSync(source).mtimeMs) {
      throw new Error(`${mainJs} is older than ${relative(root, source)}: run \`npm run build\` first`);
    }
  }
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

const started = new Set<number>();

/** Starts `node main.js <args>`; `killStarted` ends whatever is still running after a test. */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  entry: string = mainJs,
): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid !== undefined) started.add(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const finished = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, finished };
}

/** Remembers a process started some other way (the MCP SDK's stdio transport) for `killStarted`. */
export function trackPid(pid: number): void {
  started.add(pid);
}

/** Kills, by pid, every process these helpers started that may still run. */
export function killStarted(): void {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
}
