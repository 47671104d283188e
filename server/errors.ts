/**
 * Errors the hub raises on purpose. `status` is the HTTP status a route answers with; the
 * message is safe to show to the caller. Anything that is not an AppError is a bug and is
 * answered with a generic 500 whose details stay in the log.
 */
export type AppErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'tmux_failed';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  tmux_failed: 502,
};

export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly issues: FieldIssue[] | undefined;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: { cause?: unknown; issues?: FieldIssue[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = STATUS[code];
    this.issues = options.issues;
  }
}
