// Static files served by the app itself (the knowledge base must work offline): our own
// CSS/JS from views/static, and the design system, font and htmx from node_modules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { VIEWS_DIR } from './views.ts';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

function packageDir(name: string): string {
  return path.join(NODE_MODULES, name);
}

export default fp(
  async function assetsPlugin(app: FastifyInstance) {
    const mounts: [string, string, string[] | undefined][] = [
      ['/static/', path.join(VIEWS_DIR, 'static'), undefined],
      ['/assets/ds/', path.join(packageDir('@digdir/designsystemet-css'), 'dist', 'src'), ['index.css']],
      ['/assets/theme/', path.join(packageDir('@digdir/designsystemet-theme'), 'brand'), ['digdir.css']],
      ['/assets/htmx/', path.join(packageDir('htmx.org'), 'dist'), ['htmx.min.js']],
      ['/assets/inter/', packageDir('@fontsource/inter'), undefined],
    ];
    for (const [prefix, root, allowed] of mounts) {
      await app.register(fastifyStatic, {
        root,
        prefix,
        decorateReply: false,
        index: false,
        // Cache-Control comes from the one policy in cache-control.ts.
        cacheControl: false,
        ...(allowed ? { allowedPath: (p: string) => allowed.includes(p.replace(/^\//, '')) } : {}),
      });
    }
  },
  { name: 'assets', dependencies: ['views'] },
);
