#!/usr/bin/env node
/**
 * A command hook that costs as little as a Node process can: it posts the hook's JSON from stdin,
 * as it is, to the hub's `/hooks/<id>/claude` (the route Claude Code's own HTTP hooks use) and
 * prints the hub's answer, which is the hook's output in the same form either way. It imports
 * only `node:` modules and its own two helpers (hub-http.ts, stdin.ts) (no zod, no MCP SDK: the hub validates the payload), as it runs where
 * Claude Code has no HTTP hook: SessionStart, once per start ("HTTP hooks are not supported for
 * SessionStart", 2.1.197). Measured with bench/scale. Whatever happens it exits 0 and prints
 * nothing but the hub's JSON: a hook's output steers Claude Code, and a broken hub must not break
 * the user's session.
 */
import { requestHub } from './hub-http.js';
import { readAll } from './stdin.js';

const READ_MS = 500;
const ATTEMPT_MS = 1_000;
const ATTEMPTS = 2;

function fail(message: string): never {
  process.stderr.write(`switchboard-hook: ${message}\n`);
  process.exit(0);
}

const hub = process.env.SWITCHBOARD_HUB_URL;
const sessionId = process.env.SWITCHBOARD_SESSION_ID;
const token = process.env.SWITCHBOARD_SESSION_TOKEN;
if (!hub || !sessionId || !token) {
  fail('SWITCHBOARD_HUB_URL, SWITCHBOARD_SESSION_ID and SWITCHBOARD_SESSION_TOKEN must be set; not reported');
}
let url: URL;
try {
  url = new URL(`${hub.replace(/\/+$/, '')}/hooks/${encodeURIComponent(sessionId)}/claude`);
} catch {
  fail(`SWITCHBOARD_HUB_URL is not a URL: "${hub}"`);
}
let payload: Buffer;
try {
  payload = Buffer.from(await readAll(process.stdin, READ_MS));
} catch (error) {
  fail(`could not read the hook payload: ${error instanceof Error ? error.message : String(error)}`);
}
let problem = 'no attempt made';
for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
  try {
    const answer = await requestHub(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: payload,
      timeoutMs: ATTEMPT_MS,
    });
    if (answer.status >= 200 && answer.status < 300) {
      // The hub's answer is the hook's output; `{}` means nothing to say.
      if (answer.text.trim() !== '' && answer.text.trim() !== '{}')
        process.stdout.write(`${answer.text.trim()}\n`);
      process.exit(0);
    }
    problem = `HTTP ${answer.status} ${answer.text.slice(0, 300)}`.trim();
    // The hub understood and refused (bad token, unknown session, bad payload): retrying cannot help.
    if (answer.status >= 400 && answer.status < 500) break;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
}
fail(`could not report the hook to ${url.origin}: ${problem}`);
