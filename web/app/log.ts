import type { DebugHook } from '../audio/ports.js';

/**
 * The page's only door to the console. A normal run prints nothing: `warn` is for a hub message
 * that broke the protocol, `error` for something that really failed, and the chatty `debug` is
 * on only with localStorage `switchboard-debug` = 1 (or ?debug in the address).
 */
/* eslint-disable no-console */
export type PageLog = { debug: DebugHook; warn: DebugHook; error: DebugHook };

export function pageLog(): PageLog {
  const enabled = debugEnabled();
  return {
    debug: (message, detail) => {
      if (enabled) console.debug(`[switchboard] ${message}`, ...(detail === undefined ? [] : [detail]));
    },
    warn: (message, detail) =>
      console.warn(`[switchboard] ${message}`, ...(detail === undefined ? [] : [detail])),
    error: (message, detail) =>
      console.error(`[switchboard] ${message}`, ...(detail === undefined ? [] : [detail])),
  };
}

function debugEnabled(): boolean {
  try {
    return (
      localStorage.getItem('switchboard-debug') === '1' || new URLSearchParams(location.search).has('debug')
    );
  } catch {
    return false;
  }
}
