import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from '../../protocol/errors.js';
import { AppError } from '../errors.js';

/**
 * One place that turns errors into answers: AppErrors and Fastify's own 4xx errors (bad JSON,
 * body too large, wrong content type) keep their reason; anything else is a bug, logged in full
 * and answered with a 500 that reveals nothing.
 */
export function installErrorHandling(app: FastifyInstance): void {
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
      return reply.status(status).send({ error: { code: code.toLowerCase(), message: error.message } });
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
