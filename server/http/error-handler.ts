import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from '../../protocol/errors.js';
import { isDatabaseBusy } from '../db/busy.js';
import { AppError } from '../errors.js';
import { installJsonBodyParser } from './json-limits.js';

const DATABASE_LOCKED =
  'The database is locked by another process: try again in a moment (is a sqlite3 shell or a backup holding switchboard.db in a transaction?).';

/**
 * One place that turns bad input and errors into answers: AppErrors and Fastify's own 4xx errors
 * (bad or too deep JSON, body too large, wrong content type) keep their reason; a database
 * another process holds locked is a 503 to try again; anything else is a bug, logged in full
 * and answered with a 500 that reveals nothing.
 */
export function installErrorHandling(app: FastifyInstance): void {
  installJsonBodyParser(app);
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      request.log.info(
        { status: error.status, code: error.code },
        `${request.method} ${request.url.split('?')[0]}: ${error.message}`,
      );
      const body: ApiError = { error: { code: error.code, message: error.message } };
      if (error.issues !== undefined) body.error.issues = error.issues;
      return reply.status(error.status).send(body);
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = (error as FastifyError).code ?? 'bad_request';
      const message =
        code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `The request body is larger than the ${formatBytes(request.routeOptions.bodyLimit)} the hub accepts.`
          : error.message;
      return reply.status(status).send({ error: { code: code.toLowerCase(), message } });
    }
    if (isDatabaseBusy(error)) {
      request.log.warn(
        { err: error },
        `${request.method} ${request.url.split('?')[0]}: the database is locked`,
      );
      const body: ApiError = { error: { code: 'unavailable', message: DATABASE_LOCKED } };
      return reply.status(503).header('retry-after', '1').send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: 'Internal error; see the hub log.' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
