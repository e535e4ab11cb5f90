// The WAL file does not stay at the size of the biggest write (issue 14, defect 7):
// journal_size_limit is set on every connection, and checkpointWal() after a big write
// (import, reset, full reindex) copies it back and truncates it.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointWal, JOURNAL_SIZE_LIMIT, openDatabase } from '../../db/client.ts';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';

const files: string[] = [];
afterAll(() => files.forEach(removeDbFile));

const walSize = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

describe('WAL size', () => {
  it('sets journal_size_limit and truncates the WAL after a big write', () => {
    const file = tempDbFile();
    files.push(file);
    const handle = openDatabase(file);
    try {
      expect(handle.sqlite.pragma('journal_size_limit', { simple: true })).toBe(JOURNAL_SIZE_LIMIT);
      handle.sqlite.exec(`CREATE TABLE filler (x BLOB)`);
      const insert = handle.sqlite.prepare(`INSERT INTO filler VALUES (randomblob(65536))`);
      handle.sqlite.transaction(() => {
        for (let i = 0; i < 800; i++) insert.run();
      })();
      expect(walSize(file)).toBeGreaterThan(40 * 1024 * 1024);
      checkpointWal(handle.sqlite);
      expect(walSize(file)).toBe(0);
      // A small write afterwards leaves it small; nothing was lost.
      handle.sqlite.prepare(`DELETE FROM filler WHERE rowid > 10`).run();
      expect(handle.sqlite.prepare(`SELECT count(*) FROM filler`).pluck().get()).toBe(10);
    } finally {
      handle.close();
    }
  });
});
