/**
 * An endpoint under the hub's base URL. The base may carry a path prefix (a reverse proxy), so the
 * endpoint is resolved relative to it rather than replacing its path.
 */
export function hubEndpoint(hubUrl: URL, path: string): URL {
  const base = new URL(hubUrl.href);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return new URL(path.replace(/^\/+/, ''), base);
}

/** `ws(s)://…/proxy/<sessionId>` for an `http(s)://…` hub URL. */
export function proxySocketUrl(hubUrl: URL, sessionId: string): URL {
  const url = hubEndpoint(hubUrl, `proxy/${encodeURIComponent(sessionId)}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** `http(s)://…/hooks/<sessionId>`. */
export function hookReportUrl(hubUrl: URL, sessionId: string): URL {
  return hubEndpoint(hubUrl, `hooks/${encodeURIComponent(sessionId)}`);
}
