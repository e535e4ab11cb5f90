// npm run import -- FILE.csv|FILE.json [--apply] [--db FILE]
// The same import as /admin/import: without --apply a dry run that lists every row's
// action and errors with its line number and writes nothing; with --apply every row in
// one transaction (new initiatives as drafts), refused when any row has an error.
// Exits non-zero when the file or any row is invalid.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, runMigrations } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { applyImport, ImportFileError, parseImportFile, previewImport } from '../server/domain/editorial/import-initiatives.ts';
import { t } from '../server/i18n/index.ts';

function main(): number {
  const { values, positionals } = parseArgs({ options: { apply: { type: 'boolean', default: false }, db: { type: 'string' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) throw new Error('Give the file: npm run import -- initiatives.csv [--apply]');
  const dbFile = values.db ?? loadConfig().DB_FILE;
  const handle = openDatabase(dbFile);
  try {
    runMigrations(handle);
    const rows = parseImportFile(path.basename(file), fs.readFileSync(file));
    const report = previewImport(handle.sqlite, rows);
    let bad = 0;
    for (const r of report) {
      const what = `line ${r.line}: ${r.action}${r.ref ? ` ${r.ref}` : ''} ${r.title}`;
      if (r.errors.length === 0) console.log(what);
      else {
        bad++;
        for (const e of r.errors) console.log(`line ${r.line}: ${t('en', `field.${e.field.split('.').find((p) => !/^\d+$/.test(p)) ?? e.field}`)}: ${t('en', e.message.key, e.message.params)}`);
      }
    }
    if (bad > 0) {
      console.error(`import: ${bad} of ${rows.length} rows have errors; nothing was written`);
      return 1;
    }
    if (!values.apply) {
      console.log(`import: dry run of ${rows.length} rows, no errors; run again with --apply to write them`);
      return 0;
    }
    const refs = applyImport(handle.sqlite, rows, null);
    console.log(`import: wrote ${refs.length} rows to ${dbFile} (new initiatives as drafts)`);
    return 0;
  } finally {
    handle.close();
  }
}

try {
  process.exit(main());
} catch (err) {
  const message = err instanceof ImportFileError ? t('en', err.messageRef.key, err.messageRef.params) : (err as Error).message;
  console.error(`import failed: ${message}`);
  process.exit(1);
}
