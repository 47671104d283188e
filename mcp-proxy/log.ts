import type { Writable } from 'node:stream';

/** The proxy's logger. stdout carries the MCP protocol, so every line goes to stderr. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createStderrLog(stderr: Writable, prefix: string): Log {
  const write = (level: string, message: string): void => {
    stderr.write(`${new Date().toISOString()} [${prefix}] ${level} ${message}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

/** An error's message with its errno code and cause (fetch hides ECONNREFUSED in `cause`). */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  let text =
    code !== undefined && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  if (error.cause !== undefined && error.cause !== error) text += `: ${errorMessage(error.cause)}`;
  return text;
}
