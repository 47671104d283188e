import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every module `entry` loads before it runs: static imports only, followed through relative paths. */
function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const source = readFileSync(file, 'utf8');
    // `import … from '…'`, `import '…'` and `export … from '…'`; not `import type` (erased) nor `await import(…)`.
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;]*?from\s+)?'([^']+)'/gms)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (seen.has(target)) continue;
      seen.add(target);
      visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe('mcp-proxy/main.ts', () => {
  it('loads neither the MCP SDK nor ws before it knows the mode, so permission mode starts fast', () => {
    const loaded = [...staticImports(resolve(root, 'mcp-proxy/main.ts'))];
    expect(loaded.filter((m) => m.includes('@modelcontextprotocol') || m === 'ws')).toEqual([]);
    expect(loaded).toContain(resolve(root, 'mcp-proxy/permission/hook-mode.ts'));
  });
});

describe('mcp-proxy/post-hook.ts, a Node process per hook event', () => {
  it('loads nothing but node: modules and its own stdin reader and HTTP client (no zod, no SDK, no ws)', () => {
    const loaded = [...staticImports(resolve(root, 'mcp-proxy/post-hook.ts'))];
    expect(loaded.sort()).toEqual(
      [
        'node:http',
        'node:https',
        resolve(root, 'mcp-proxy/hub-http.ts'),
        resolve(root, 'mcp-proxy/stdin.ts'),
      ].sort(),
    );
  });
});
