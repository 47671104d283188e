import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../paths.js';
import { AppError } from '../errors.js';

/** Where `vite build` puts the page (vite.config.ts): index.html, app/<hashed files>, root files. */
export const WEB_DIST = join(PROJECT_ROOT, 'dist', 'web');

/**
 * The page's static files are public: they hold no user data, and the browser fetches the
 * manifest and icons without the token. Only plain file names are served (no slashes, no dot
 * files), so no path from a request can leave dist/web.
 */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ROOT_FILE = /^\/([A-Za-z0-9][A-Za-z0-9._-]{0,127}\.(?:webmanifest|svg|png|ico|txt))$/;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page, in the public scope: the same file for everyone, with no secret in it. It logs in
 * by itself from a login link (`/?login=<code>`, printed by `npm start` and `switchboard open`)
 * or asks for the token once (server/auth/login-routes.ts).
 */
export function registerWebRoutes(app: FastifyInstance, webDist = WEB_DIST): void {
  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const indexPath = join(webDist, 'index.html');
    if (!existsSync(indexPath)) {
      throw new AppError('unavailable', 'The page is not built: run "npm run build" (npm start does it).');
    }
    const html = await readFile(indexPath, 'utf8');
    // A login link's URL must not be kept with the page (it is spent anyway); never cache the shell.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
  app.get('/', page);
  app.get('/index.html', page);

  app.get<{ Params: { file: string } }>('/app/:file', async (request, reply) =>
    // Vite names these by content hash, so they never change under the same name.
    sendFile(reply, join(webDist, 'app'), request.params.file, 'public, max-age=31536000, immutable'),
  );
  app.get<{ Params: { file: string } }>('/:file', async (request, reply) => {
    if (!ROOT_FILE.test(`/${request.params.file}`)) {
      throw new AppError('not_found', `No route GET /${request.params.file}`);
    }
    return sendFile(reply, webDist, request.params.file, 'no-cache');
  });
}

function sendFile(reply: FastifyReply, folder: string, name: string, cacheControl: string) {
  const path = join(folder, name);
  if (!FILE_NAME.test(name) || !existsSync(path)) throw new AppError('not_found', `No file ${name}.`);
  const type = CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
  return reply.type(type).header('cache-control', cacheControl).send(createReadStream(path));
}
