// Security headers with a strict Content Security Policy: every script and style comes
// from this origin (htmx is told not to inject its indicator styles inline).
// Framing is governed by the CSP's frame-ancestors alone (no X-Frame-Options, which
// would say something else to older browsers), and Strict-Transport-Security is sent only
// over HTTPS: on the request itself (behind a trusted proxy, X-Forwarded-Proto) or when
// PUBLIC_URL is https. Sent over plain HTTP it would be ignored at best.
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const HSTS = 'max-age=31536000; includeSubDomains';

export default fp(
  async function securityPlugin(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: false,
      strictTransportSecurity: false,
    });
    const httpsOrigin = app.config.PUBLIC_URL.startsWith('https:');
    app.addHook('onSend', async (request, reply, payload) => {
      if (httpsOrigin || request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
      return payload;
    });
  },
  { name: 'security' },
);
