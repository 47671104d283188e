#!/usr/bin/env node
// The `switchboard` command. The TypeScript sources are compiled by `npm run build` (npm start
// and npm test do it for you).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('switchboard: not built yet; run `npm run build` in the project folder first.\n');
  process.exit(1);
}
await import(entry.href);
