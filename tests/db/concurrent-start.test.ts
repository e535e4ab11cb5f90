// Several processes starting at once on one fresh database file (issue 14, defect 3):
// every one must come up (no "database is locked" from a read-then-write transaction, no
// "table already exists" from two migrators), the migrations are recorded once and the
// seed is loaded once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';
import { readSeedCatalogue } from '../../seed/catalogue.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(ROOT, 'tests', 'helpers', 'children', 'prepare.ts');
const run = promisify(execFile);
const files: string[] = [];

afterAll(() => files.forEach(removeDbFile));

async function startTogether(file: string, processes: number) {
  return Promise.allSettled(
    Array.from({ length: processes }, () => run(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT, timeout: 90_000 })),
  );
}

describe('several processes starting on one fresh database', () => {
  it('all start, migrations are applied once and the seed loaded once', { timeout: 240_000 }, async () => {
    const expected = readSeedCatalogue().initiatives.length;
    for (const processes of [2, 3, 4, 3]) {
      const file = tempDbFile();
      files.push(file);
      const results = await startTogether(file, processes);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { stderr?: string }).stderr ?? r.reason)] : []));
      expect(failures, `${processes} processes`).toEqual([]);
      const sqlite = new Database(file, { readonly: true });
      try {
        const journal = sqlite.prepare(`SELECT count(*) AS n, count(DISTINCT hash) AS distinct_n FROM __drizzle_migrations`).get() as { n: number; distinct_n: number };
        expect(journal.n).toBe(journal.distinct_n);
        expect(sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get()).toBe(expected);
        expect(sqlite.prepare(`SELECT count(*) FROM search_documents`).pluck().get()).toBe(expected);
        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        sqlite.close();
      }
    }
  });
});
