// Several processes starting at once on one fresh database file (issue 14, defect 3):
// every one must come up (no "database is locked" from a read-then-write transaction, no
// "table already exists" from two migrators), the migrations are recorded once and the
// seed is loaded once.
import { execFile } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';
import { openDatabase } from '../../db/client.ts';
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

describe('opening a fresh file while another connection is about to switch it to WAL', () => {
  it('waits for it instead of failing with "database is locked"', async () => {
    const file = tempDbFile();
    files.push(file);
    // Another connection (in a thread of its own) holds the write lock of the fresh,
    // not-yet-WAL file for 300 ms: SQLite then fails a switch to WAL at once, without
    // waiting, which is what two processes starting together can meet.
    const holder = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require('better-sqlite3');
       const db = new Database(workerData);
       db.exec('CREATE TABLE IF NOT EXISTS held (x)');
       db.exec('BEGIN IMMEDIATE');
       db.exec('INSERT INTO held VALUES (1)');
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec('COMMIT');
       db.close();`,
      { eval: true, workerData: file },
    );
    await new Promise((resolve) => holder.once('message', resolve));
    const started = Date.now();
    const handle = openDatabase(file);
    try {
      expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(Date.now() - started).toBeGreaterThanOrEqual(100); // it waited for the lock
      expect(handle.sqlite.prepare(`SELECT count(*) FROM held`).pluck().get()).toBe(1);
    } finally {
      handle.close();
      await holder.terminate();
    }
  });
});
