// Fastify's schema errors (Ajv's, from a route's TypeBox params or querystring schema)
// as the app's own messages: a BadRequestError naming the parameter and what it must be,
// in the reader's language, like every other 400. Routes pass it as `schemaErrorFormatter`.
import type { FastifySchemaValidationError } from 'fastify';
import { BadRequestError, type MessageRef } from '../errors.ts';

function messageFor(error: FastifySchemaValidationError, dataVar: string): MessageRef {
  const param = (error.instancePath || '').replace(/^\//, '') || String((error.params as { missingProperty?: string }).missingProperty ?? '');
  const params = error.params as Record<string, unknown>;
  if (dataVar === 'params') return { key: 'validation.slug' };
  switch (error.keyword) {
    case 'type':
      // A parameter given twice arrives as a list where one value was expected.
      return params.type === 'string' ? { key: 'validation.once', params: { param } } : { key: 'error.badRequest' };
    case 'maxLength':
      return param === 'q'
        ? { key: 'validation.queryTooLong', params: { max: Number(params.limit) } }
        : { key: 'validation.valueTooLong', params: { param, max: Number(params.limit) } };
    case 'pattern':
      return { key: 'validation.controlChars', params: { param } };
    default:
      return { key: 'error.badRequest' };
  }
}

export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const messages: MessageRef[] = [];
  for (const error of errors) {
    const m = messageFor(error, dataVar);
    if (!messages.some((x) => x.key === m.key && JSON.stringify(x.params) === JSON.stringify(m.params))) messages.push(m);
  }
  return new BadRequestError(messages);
}
