#!/usr/bin/env node
/**
 * A command hook that costs as little as a Node process can: it posts the hook's JSON from stdin,
 * as it is, to the hub's `/hooks/<id>/claude` (the route Claude Code's own HTTP hooks use) and
 * prints the hub's answer, which is the hook's output in the same form either way. It imports
 * only `node:` modules and ./stdin.js (no zod, no MCP SDK: the hub validates the payload), as it runs where
 * Claude Code has no HTTP hook: SessionStart, once per start ("HTTP hooks are not supported for
 * SessionStart", 2.1.197). Measured with bench/scale. Whatever happens it exits 0 and prints
 * nothing but the hub's JSON: a hook's output steers Claude Code, and a broken hub must not break
 * the user's session.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readAll } from './stdin.js';

const READ_MS = 500;
const ATTEMPT_MS = 1_000;
const ATTEMPTS = 2;

function fail(message: string): never {
  process.stderr.write(`switchboard-hook: ${message}\n`);
  process.exit(0);
}

type Answer = { status: number; body: string };

function post(url: URL, token: string, body: Buffer): Promise<Answer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        timeout: ATTEMPT_MS,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${ATTEMPT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
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
    const answer = await post(url, token, payload);
    if (answer.status >= 200 && answer.status < 300) {
      // The hub's answer is the hook's output; `{}` means nothing to say.
      if (answer.body.trim() !== '' && answer.body.trim() !== '{}')
        process.stdout.write(`${answer.body.trim()}\n`);
      process.exit(0);
    }
    problem = `HTTP ${answer.status} ${answer.body.slice(0, 300)}`.trim();
    // The hub understood and refused (bad token, unknown session, bad payload): retrying cannot help.
    if (answer.status >= 400 && answer.status < 500) break;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
}
fail(`could not report the hook to ${url.origin}: ${problem}`);
