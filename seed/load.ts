// npm run seed [-- --reset] [--db FILE]
// Loads the shipped seed (seed/data) into the database named by DB_FILE (or --db).
// Idempotent: a second run changes nothing. --reset deletes the catalogue first.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { checkpointWal, openDatabase, runMigrations } from '../db/client.ts';
import { clearCatalogue, importCatalogue } from '../server/domain/import-catalogue.ts';
import { readSeedCatalogue } from './catalogue.ts';

function main(): void {
  const { values } = parseArgs({
    options: { reset: { type: 'boolean', default: false }, db: { type: 'string' } },
    strict: true,
  });
  const file = values.db ?? loadConfig().DB_FILE;
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    const catalogue = readSeedCatalogue();
    // Reset and reload in one transaction: a failed load leaves the old catalogue in place.
    const report = handle.sqlite.transaction(() => {
      if (values.reset) {
        clearCatalogue(handle.sqlite);
        console.log(`seed: --reset: removing the catalogue in ${file} and loading it again`);
      }
      return importCatalogue(handle.sqlite, catalogue);
    })();
    for (const kind of ['programmes', 'areas', 'initiatives'] as const) {
      const r = report[kind];
      console.log(`seed: ${kind}: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged`);
    }
    checkpointWal(handle.sqlite);
    console.log(`seed: ${report.sources} sources; database ${file}`);
  } finally {
    handle.close();
  }
}

try {
  main();
} catch (err) {
  console.error(`seed failed: ${(err as Error).message}`);
  process.exit(1);
}
