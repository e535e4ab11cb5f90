// Request ids, request logging and the closing state.
//   - Every request gets a random id (never the client's): in every log line it causes as
//     `reqId`, and in the X-Request-Id response header, so a reader's report can be found.
//   - Request lines are logged at debug. At info, one summary per request, and only for
//     server errors and requests slower than LOG_SLOW_MS: the info log does not grow with
//     traffic. Cookies, Authorization and query-string secrets never reach a log line.
//   - While the app closes (SIGTERM), answers say `Connection: close`, so a kept-alive
//     connection whose request was in flight does not hold the close open, and /ready
//     answers 503 so a load balancer stops sending.
import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** True once close() has begun. */
    isClosing(): boolean;
  }
}

/** Query parameters whose values are never logged (none are used today; kept safe ahead). */
const SECRET_PARAMS = /^(token|key|api_?key|password|secret|session|code|csrf|_csrf)$/i;

/** The URL as logged: values of secret-looking parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url.slice(q + 1).split('&').map((pair) => {
    const [name] = pair.split('=', 1);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // keep the raw name
    }
    return SECRET_PARAMS.test(decoded) && pair.includes('=') ? `${name}=(hidden)` : pair;
  });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

/** Fastify logger options: the level, and serializers that keep headers and secrets out. */
export function loggerOptions(config: Pick<Config, 'LOG_LEVEL'>): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    serializers: {
      // Only these fields: no headers at all (Cookie, Authorization), the URL redacted.
      req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      paths: ['req.headers', 'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization', 'cookie', 'cookies'],
      censor: '(hidden)',
    },
  };
}

/** Fastify options for request ids and logging (spread into Fastify()). */
export const requestOptions = {
  // Fastify's own request lines off: the hooks below log them (at debug).
  logController: new LogController({ disableRequestLogging: true }),
  // A client-sent X-Request-Id is not trusted: it could forge or flood log correlation.
  requestIdHeader: false as const,
  genReqId: () => randomUUID(),
};

export default fp(
  async function observabilityPlugin(app: FastifyInstance, opts: { slowMs: number }) {
    let closing = false;
    app.decorate('isClosing', () => closing);
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async (request, reply) => {
      reply.header('X-Request-Id', request.id);
      request.log.debug({ req: request }, 'request');
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('Connection', 'close');
      return payload;
    });
    app.addHook('onResponse', async (request, reply) => {
      const ms = Math.round(reply.elapsedTime);
      const summary = { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms };
      if (reply.statusCode >= 500) request.log.info(summary, 'request failed');
      else if (ms >= opts.slowMs) request.log.info(summary, 'slow request');
      else request.log.debug(summary, 'request completed');
    });
  },
  { name: 'observability' },
);
