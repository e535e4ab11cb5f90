// npm run migrate [-- --db FILE]: applies pending migrations to DB_FILE (or --db).
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase, runMigrations } from '../db/client.ts';

try {
  const { values } = parseArgs({ options: { db: { type: 'string' } }, strict: true });
  const file = values.db ?? loadConfig().DB_FILE;
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    console.log(`migrate: ${file} is up to date`);
  } finally {
    handle.close();
  }
} catch (err) {
  console.error(`migrate failed: ${(err as Error).message}`);
  process.exit(1);
}
