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
    const only = (names: string[]) => (file: string) => names.includes(file);
    // From packages, only the files pages use: not their README, CHANGELOG or package.json.
    const mounts: [string, string, ((file: string) => boolean) | undefined][] = [
      ['/static/', path.join(VIEWS_DIR, 'static'), undefined],
      ['/assets/ds/', path.join(packageDir('@digdir/designsystemet-css'), 'dist', 'src'), only(['index.css'])],
      ['/assets/theme/', path.join(packageDir('@digdir/designsystemet-theme'), 'brand'), only(['digdir.css'])],
      ['/assets/htmx/', path.join(packageDir('htmx.org'), 'dist'), only(['htmx.min.js'])],
      // The weight stylesheets (400.css, 600-italic.css ...) and the font files they name.
      ['/assets/inter/', packageDir('@fontsource/inter'), (file) => /^(\d{3}(-italic)?|index)\.css$|^files\/inter-[a-z-]+-\d{3}-(normal|italic)\.woff2?$/.test(file)],
    ];
    for (const [prefix, root, allowed] of mounts) {
      await app.register(fastifyStatic, {
        root,
        prefix,
        decorateReply: false,
        index: false,
        // Cache-Control comes from the one policy in cache-control.ts.
        cacheControl: false,
        ...(allowed ? { allowedPath: (p: string) => allowed(p.replace(/^\//, '')) } : {}),
      });
    }
  },
  { name: 'assets', dependencies: ['views'] },
);
