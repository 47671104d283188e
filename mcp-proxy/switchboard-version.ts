import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Switchboard's version, read from its package.json, so the hub's /health, its MCP endpoint and
 * the proxy's MCP server all report the one number a release changes. The file is found by
 * walking up from this module: the same code runs from the source tree (tests), from dist/ and
 * from the proxy's esbuild bundle, each at a different depth. It lives with the proxy because the
 * proxy may import nothing of the server; the server imports it from here, as it does the Clock.
 */
export const SWITCHBOARD_VERSION = readVersion(import.meta.dirname);

function readVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'switchboard' && typeof manifest.version === 'string') return manifest.version;
    }
    if (dirname(dir) === dir) throw new Error(`Switchboard's package.json was not found above ${start}`);
  }
}
