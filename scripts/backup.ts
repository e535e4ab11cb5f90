// npm run backup [-- --db FILE] [--out DIR]
// A consistent online backup of DB_FILE (SQLite's backup API: the app may keep running)
// into DIR (default backups/): omradeloft-<UTC time>.db, a .sha256 checksum file, and a
// copy of UPLOAD_DIR when it is set and exists. Exits non-zero on any failure.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { createBackup } from '../server/domain/backup.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string', default: 'backups' } }, strict: true });
  const config = loadConfig();
  const file = values.db ?? config.DB_FILE;
  const uploadDir = (config as { UPLOAD_DIR?: string }).UPLOAD_DIR || process.env.UPLOAD_DIR || null;
  const result = await createBackup(file, { outDir: values.out!, uploadDir });
  console.log(`backup: ${file} -> ${result.file} (${result.bytes} bytes)`);
  if (result.uploads) console.log(`backup: uploads ${uploadDir} -> ${result.uploads}`);
  console.log(`backup: checksums of ${result.files} file(s) in ${result.checksumFile}`);
}

main().catch((err) => {
  console.error(`backup failed: ${(err as Error).message}`);
  process.exit(1);
});
