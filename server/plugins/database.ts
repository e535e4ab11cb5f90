// The catalogue database: migrated (and seeded when empty) at start, closed on close.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/client.ts';
import { prepareDatabase } from '../domain/setup.ts';
import { readSeedCatalogue } from '../../seed/catalogue.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: DatabaseHandle;
  }
}

export interface DatabaseOptions {
  file: string;
  /** Load the shipped seed into an empty catalogue (default true). */
  seedIfEmpty?: boolean;
  /** Create the file when it does not exist (default true; `npm start` decides by the first-run rule). */
  create?: boolean;
}

export default fp(
  async function databasePlugin(app: FastifyInstance, opts: DatabaseOptions) {
    const { handle, seeded } = prepareDatabase(opts.file, opts.seedIfEmpty === false ? undefined : () => readSeedCatalogue(), {
      create: opts.create ?? true,
    });
    if (seeded) {
      app.log.info({ initiatives: seeded.initiatives.inserted, areas: seeded.areas.inserted }, 'empty catalogue: loaded the seed');
    }
    app.decorate('db', handle);
    app.addHook('onClose', async () => handle.close());
  },
  { name: 'database' },
);
