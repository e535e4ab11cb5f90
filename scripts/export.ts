// npm run export -- FILE.json [--db FILE]: the published initiatives in the format
// `npm run import` and /admin/import read (round trip: importing it changes nothing).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { exportInitiatives } from '../server/domain/editorial/export-initiatives.ts';

try {
  const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });
  const out = positionals[0];
  if (!out) throw new Error('Give the output file: npm run export -- initiatives.json');
  const handle = openDatabase(values.db ?? loadConfig().DB_FILE, { readonly: true });
  try {
    const rows = exportInitiatives(handle.sqlite);
    fs.writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
    console.log(`export: ${rows.length} published initiatives written to ${out}`);
  } finally {
    handle.close();
  }
} catch (err) {
  console.error(`export failed: ${(err as Error).message}`);
  process.exit(1);
}
