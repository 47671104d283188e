import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../config.js';
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
const APP_FILE = /^\/app\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;

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

/** True for the page's own static paths, which the auth hook lets through without a token. */
export function isPublicWebPath(path: string): boolean {
  return APP_FILE.test(path) || ROOT_FILE.test(path);
}

/**
 * The page. On loopback, typed into the address bar of this machine, the page gets the token
 * inline so the person does not have to paste it; anything forwarded (Tailscale serve, a
 * reverse proxy) or addressed by another host name (DNS rebinding) does not.
 */
export function registerWebRoutes(app: FastifyInstance, hubToken: string, webDist = WEB_DIST): void {
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const indexPath = join(webDist, 'index.html');
    if (!existsSync(indexPath)) {
      throw new AppError('unavailable', 'The page is not built: run "npm run build" (npm start does it).');
    }
    const html = await readFile(indexPath, 'utf8');
    const token = isDirectLoopback(request) ? hubToken : '';
    // The token is in the HTML: never let a cache keep it.
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html.replace('__SWITCHBOARD_TOKEN__', token));
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

export function isDirectLoopback(request: FastifyRequest): boolean {
  const remote = request.socket.remoteAddress ?? '';
  const loopbackPeer = remote === '::1' || remote.startsWith('127.') || remote.startsWith('::ffff:127.');
  const forwarded = ['x-forwarded-for', 'forwarded', 'tailscale-user-login', 'x-real-ip'].some(
    (header) => request.headers[header] !== undefined,
  );
  const hostName = (request.headers.host ?? '').replace(/:\d+$/, '');
  const loopbackHost = ['localhost', '127.0.0.1', '[::1]'].includes(hostName);
  return loopbackPeer && !forwarded && loopbackHost;
}
