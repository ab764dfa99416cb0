import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { EngineError, LimitError } from '../../engine/errors.js';
import { problem, type ProblemBody } from '../problem.js';
import { ServiceUnavailableError } from '../pool.js';
import { BodyError } from '../body.js';
import { NotAcceptableError } from '../negotiate.js';

/** Maps any error to a problem+json body and status; never exposes stacks or internal paths. */
export function toProblem(err: unknown, bodyLimit: number): ProblemBody {
  if (err instanceof EngineError) {
    return problem(422, err.message, err.path ? [{ path: err.path, message: err.message }] : undefined);
  }
  if (err instanceof LimitError) return problem(413, err.message, [{ path: err.limit, message: err.message }]);
  if (err instanceof ServiceUnavailableError) return problem(503, err.message);
  if (err instanceof NotAcceptableError) return problem(406, err.message);
  if (err instanceof BodyError) {
    const path = err.limit ?? err.path;
    return problem(err.statusCode, err.message, path ? [{ path, message: err.message }] : undefined);
  }
  // fastify hands its own errors untyped beyond FastifyError: a validation error carries `validation`
  const e = err as FastifyError & { validation?: Array<{ instancePath?: string; message?: string }> };
  if (hasZodFastifySchemaValidationErrors(e) || Array.isArray(e.validation)) {
    const errors = (e.validation ?? []).map((v) => ({
      path: (v.instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean).join('.') || '(body)',
      message: v.message ?? 'invalid',
    }));
    return problem(400, `The request body does not match the schema: ${errors.map((x) => `${x.path}: ${x.message}`).join('; ')}`, errors);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, `BODY_LIMIT_BYTES is ${bodyLimit}: the request body is larger`, [{ path: 'BODY_LIMIT_BYTES', message: `limit ${bodyLimit} bytes` }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'Content-Type must be application/json');
    case 'TSS_ERR_CONTENT_ENCODING':
      return problem(415, e.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'The request body is empty; a JSON object is expected');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'Content-Length does not match the body');
    default:
      break;
  }
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return problem(400, e instanceof SyntaxError && /at position \d+$/.test(e.message) ? `The request body is not valid JSON: ${e.message}` : 'The request body is not valid JSON');
  }
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) return problem(500, 'Internal error; it has been logged');
  return problem(status, e.message?.replace(/\/[^\s]*\//g, '') || 'Request refused');
}

/** Error handling: problem+json for every error and for unknown routes. */
export default fp(
  async function errorsPlugin(app: FastifyInstance, opts: { bodyLimit: number }) {
    app.setErrorHandler((err, request, reply) => {
      const body = toProblem(err, opts.bodyLimit);
      if (body.status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ status: body.status, detail: body.detail }, 'request refused');
      // cache headers belong to computed answers only
      reply.removeHeader('etag');
      reply.removeHeader('cache-control');
      const retryAfter = typeof err === 'object' && err !== null && 'retryAfter' in err && typeof err.retryAfter === 'number' ? err.retryAfter : undefined;
      if ((body.status === 503 || body.status === 429) && retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
      reply.code(body.status).type('application/problem+json').send(JSON.stringify(body));
    });
  },
  { name: 'errors' },
);
