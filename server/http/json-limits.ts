import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * The deepest nesting of objects and arrays the hub accepts, in a request body or a socket frame.
 * Real input nests a few levels: a permission prompt's MultiEdit is body > toolInput > edits >
 * edit (4), a hook report or an MCP call adds two, and a model's MCP arguments stay within a
 * dozen in practice. The limit only has to stop absurd input (V8 parses 400,000 levels, then
 * JSON.stringify overflows the stack when the hub stores it: a 500), not be tight: every consumer
 * here (JSON.stringify, zod, pino, the page) copes with far more than 128.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, counted without parsing it
 * (brackets inside strings do not count). Malformed text may be counted wrong; JSON.parse
 * refuses it anyway.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const TOO_DEEP = `nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels, the most the hub accepts`;

/**
 * The app's one JSON body parser: Fastify's own (which refuses `__proto__` and `constructor`
 * keys), after a depth check that answers 400 with the reason. Registered on the root, so every
 * scope and route inherits it.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string)) {
      done(new AppError('bad_request', `The JSON body ${TOO_DEEP}.`), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}

export type ParsedFrame = { ok: true; value: unknown } | { ok: false; reason: string };

/** A socket's JSON text frame, with the same depth rule as bodies; `reason` is for the error frame. */
export function parseJsonFrame(text: string): ParsedFrame {
  if (nestsDeeperThan(text)) return { ok: false, reason: `Frame ${TOO_DEEP}.` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'Frame is not JSON.' };
  }
}
