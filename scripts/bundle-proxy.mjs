// Bundles the per-session processes (the MCP proxy and the post-hook command) into
// dist/bundled/mcp-proxy/, which is what sessions run (server/config.ts proxyEntry).
// Why: every session starts a proxy, and Node spends much of a start resolving and linking
// hundreds of small ES modules (the MCP SDK, zod, ws). One file per entry, with the code both
// share in chunks, measured on this machine (the proxy through its MCP handshake, --lite-mode):
// 0.33 s of CPU and 57.6 MB unbundled, 0.19 s and 55 MB bundled. Identifiers are kept (no
// mangling) so stack traces and logs stay readable; the source maps point at the TypeScript.
import { build } from 'esbuild';

await build({
  entryPoints: ['mcp-proxy/main.ts', 'mcp-proxy/post-hook.ts'],
  outdir: 'dist/bundled/mcp-proxy',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // Chunks: the server's code (the SDK, ws) loads only in server mode, as main.ts imports it lazily.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  // ws and other CommonJS dependencies call require() for node: modules; an ES module has none.
  banner: {
    js: "import { createRequire as __sbRequire } from 'node:module'; const require = __sbRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
