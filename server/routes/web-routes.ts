import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../config.js';

/**
 * The page. On loopback, typed into the address bar of this machine, the page gets the token
 * inline so the person does not have to paste it; anything forwarded (Tailscale serve, a
 * reverse proxy) or addressed by another host name (DNS rebinding) does not.
 */
export function registerWebRoutes(app: FastifyInstance, hubToken: string): void {
  const indexPath = join(PROJECT_ROOT, 'web', 'index.html');
  const handler = async (request: FastifyRequest) => {
    const html = await readFile(indexPath, 'utf8');
    const token = isDirectLoopback(request) ? hubToken : '';
    return html.replace('__SWITCHBOARD_TOKEN__', token);
  };
  app.get('/', async (request, reply) => reply.type('text/html; charset=utf-8').send(await handler(request)));
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
