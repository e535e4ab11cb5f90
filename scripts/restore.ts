// npm run restore -- <backup.db> [--db FILE] [--force]
// Verifies the backup's checksums, restores it into DB_FILE (or --db) as a fresh database
// (integrity check, pending migrations, search index rebuilt) and, when UPLOAD_DIR is set,
// its uploads. Refuses an existing database unless --force (the old file is kept beside
// it). Stop the app first. With SEARCH_ENGINE=meilisearch the app resends every document
// on its next start. Exits non-zero on any failure, leaving the target as it was.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { restoreBackup } from '../server/domain/backup.ts';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { db: { type: 'string' }, force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error('usage: npm run restore -- <backup.db> [--db FILE] [--force]');
  const config = loadConfig();
  const file = values.db ?? config.DB_FILE;
  const uploadDir = (config as { UPLOAD_DIR?: string }).UPLOAD_DIR || process.env.UPLOAD_DIR || null;
  const result = await restoreBackup(positionals[0], file, { force: values.force, uploadDir, progress: (line) => console.log(`restore: ${line}`) });
  console.log(`restore: checksums verified; ${positionals[0]} -> ${file}`);
  console.log(`restore: ${result.initiatives} initiatives, search index rebuilt (${result.searchDocuments} documents)`);
  if (result.previous) console.log(`restore: the replaced database is kept as ${result.previous}`);
  if (result.uploads) console.log(`restore: uploads restored to ${result.uploads}`);
}

main().catch((err) => {
  console.error(`restore failed: ${(err as Error).message}`);
  process.exit(1);
});
