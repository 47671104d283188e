/**
 * "Pop out": a session's terminal alone in a window of its own, at `/?terminal=<session id>`.
 * main.ts renders only the terminal at that address instead of the whole page.
 */
const PARAM = 'terminal';

export function terminalWindowUrl(sessionId: string): string {
  return `/?${PARAM}=${encodeURIComponent(sessionId)}`;
}

/** The session whose terminal the address asks for (`location.search`), or null for the page. */
export function terminalWindowSession(search: string): string | null {
  const id = new URLSearchParams(search).get(PARAM)?.trim() ?? '';
  return id === '' ? null : id;
}
