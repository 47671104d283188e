import { createServer } from 'node:net';

/**
 * A free loopback port below Linux's ephemeral range (32768-60999). A hub that restarts on its
 * port must not lose it meanwhile: a port from the ephemeral range can be taken in between by
 * any test's outgoing connection (its local port) or port-0 listener, and the restart then
 * fails with EADDRINUSE. Ports here are only ever taken by someone asking for them.
 */
export async function freeStablePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000 after 50 tries');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
