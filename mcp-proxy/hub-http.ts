import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP request to the hub, over node:http. Not fetch: the proxy runs with `--lite-mode`
 * (server/sessions/session-files.ts PROXY_NODE_FLAGS), which turns WebAssembly off, and Node's
 * fetch (undici) needs it: the first fetch would crash the proxy. node:http also starts cheaper,
 * which matters for post-hook.ts, a process per hook event.
 */
export type HubRequestInit = {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Gives up after this long with an error naming it. */
  timeoutMs: number;
  signal?: AbortSignal;
};

export type HubAnswer = { status: number; text: string };

export type HubRequest = (url: URL, init: HubRequestInit) => Promise<HubAnswer>;

/** Rejects when the hub cannot be reached, does not answer in time, or the signal fires. */
export const requestHub: HubRequest = (url, init) => {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: init.method,
        timeout: init.timeoutMs,
        headers: body === undefined ? init.headers : { ...init.headers, 'content-length': body.length },
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${init.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
};
