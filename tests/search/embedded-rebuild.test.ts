// The embedded engine's full rebuild (reindex.ts, behind `npm run reindex` and a restore):
// every document and both FTS5 indexes rewritten in one transaction, the initiative
// documents built in this thread or in a worker while FTS5 takes in the batch before. Both
// ways must give the same index; the table's triggers must be back afterwards (a later edit
// still reaches the index); a failure must leave the old index as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { rebuildEmbeddedIndex } from '../../server/search/reindex.ts';
import { EMBEDDED_CONSUMER, applyToEmbeddedIndex, pendingFor } from '../../server/search/change-feed.ts';
import { rewriteAllSearchDocuments, searchDocumentRows, type SearchDocumentRow } from '../../server/search/documents.ts';
import { searchDocumentRowsInWorker } from '../../server/search/document-thread.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';

let h: DatabaseHandle;
beforeEach(() => {
  h = createTestDatabase();
  applyToEmbeddedIndex(h.sqlite); // as the first search does
});
afterEach(() => {
  h.close();
  removeDbFile(h.file);
});

const matches = (q: string) =>
  h.sqlite.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid`).pluck().all(q) as number[];
const documents = () => h.sqlite.prepare(`SELECT * FROM search_documents ORDER BY initiative_id`).all();
const triggers = () =>
  h.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_documents' ORDER BY name`).all();
const integrity = () => h.sqlite.prepare(`INSERT INTO search_fts(search_fts, rank) VALUES('integrity-check', 1)`).run();
const catalogueRevision = () => h.sqlite.prepare(`SELECT value FROM meta WHERE key = 'catalogue'`).pluck().get() as number;
const WORDS = ['"glen"*', 'jobs', 'oslo OR stovner', '"omr"*'];
const snapshot = () => ({ documents: documents(), matches: WORDS.map(matches) });

describe('rebuildEmbeddedIndex', () => {
  for (const documentThread of [false, true]) {
    const how = documentThread ? 'built in a worker thread' : 'built in this thread';
    it(`rebuilds an emptied index whole, the documents ${how}`, async () => {
      const before = snapshot();
      expect(before.matches[0].length).toBe(2);
      h.sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES('delete-all')`).run();
      expect(matches('"glen"*')).toEqual([]);
      const revision = catalogueRevision();

      expect(await rebuildEmbeddedIndex(h.sqlite, { documentThread })).toBe(10);
      expect(snapshot()).toEqual(before);
      integrity();
      expect(catalogueRevision()).toBe(revision + 1); // the facet table rebuilds on it
      expect(pendingFor(h.sqlite, EMBEDDED_CONSUMER)).toBe(0);
      expect(applyToEmbeddedIndex(h.sqlite)).toBe(0);
    });
  }

  it('gives the same documents and index from the worker as from this thread, batch by batch', async () => {
    await rebuildEmbeddedIndex(h.sqlite, { documentThread: false });
    const here = snapshot();
    const segmentsHere = h.sqlite.prepare(`SELECT count(*) FROM search_fts_data`).pluck().get();
    const lines: string[] = [];
    // Batches of 3: the worker builds ahead as far as it is asked, four batches in all.
    await rebuildEmbeddedIndex(h.sqlite, { documentThread: true, batchSize: 3, progress: (l) => lines.push(l) });
    expect(snapshot()).toEqual(here);
    expect(h.sqlite.prepare(`SELECT count(*) FROM search_fts_data`).pluck().get()).toBe(segmentsHere);
    expect(lines).toEqual([
      'rebuilding the index of areas, programmes, organisations, events and resources, then of the initiatives',
      '3 of 10 initiatives indexed',
      '6 of 10 initiatives indexed',
      '9 of 10 initiatives indexed',
      '10 of 10 initiatives indexed',
    ]);
  });

  it('puts the triggers back, so an edit after the rebuild reaches the index', async () => {
    const before = triggers();
    expect(before.length).toBe(3);
    await rebuildEmbeddedIndex(h.sqlite);
    expect(triggers()).toEqual(before);
    const id = h.sqlite.prepare(`SELECT id FROM initiatives WHERE slug = 'glen-jobs'`).pluck().get() as number;
    h.sqlite.prepare(`UPDATE initiatives SET summary_en = summary_en || ' quokkaword' WHERE id = ?`).run(id);
    applyToEmbeddedIndex(h.sqlite);
    expect(matches('quokkaword')).toEqual([id]);
    h.sqlite.prepare(`UPDATE initiatives SET summary_en = replace(summary_en, ' quokkaword', '') WHERE id = ?`).run(id);
    applyToEmbeddedIndex(h.sqlite);
    expect(matches('quokkaword')).toEqual([]);
    integrity();
  });

  it('leaves out an initiative that is no longer published, from the documents and the index', async () => {
    const id = h.sqlite.prepare(`SELECT id FROM initiatives WHERE slug = 'glen-jobs'`).pluck().get() as number;
    expect(matches('"glen"*')).toContain(id);
    // As if the change had not reached the index yet: the rebuild must catch up on it.
    h.sqlite.prepare(`UPDATE initiatives SET state = 'draft' WHERE id = ?`).run(id);
    expect(await rebuildEmbeddedIndex(h.sqlite, { documentThread: true })).toBe(9);
    expect(matches('"glen"*')).not.toContain(id);
    expect(h.sqlite.prepare(`SELECT count(*) FROM search_documents WHERE initiative_id = ?`).pluck().get(id)).toBe(0);
    integrity();
  });

  it('refuses to run inside a transaction it does not own', async () => {
    h.sqlite.exec('BEGIN');
    await expect(rebuildEmbeddedIndex(h.sqlite)).rejects.toThrow(/runs its own transaction/);
    h.sqlite.exec('ROLLBACK');
  });
});

describe('a rebuild that fails half-way', () => {
  it('rolls back to the old index, triggers and all', async () => {
    const before = snapshot();
    const beforeTriggers = triggers();
    async function* failing(): AsyncGenerator<SearchDocumentRow[]> {
      for await (const batch of searchDocumentRows(h.sqlite, 3)) {
        yield batch;
        throw new Error('the disk is full, say');
      }
    }
    h.sqlite.exec('BEGIN IMMEDIATE');
    await expect(rewriteAllSearchDocuments(h.sqlite, failing())).rejects.toThrow(/disk is full/);
    h.sqlite.exec('ROLLBACK');
    expect(snapshot()).toEqual(before);
    expect(triggers()).toEqual(beforeTriggers);
    integrity();
  });

  it('says why when the worker cannot read the database', async () => {
    const rows = searchDocumentRowsInWorker(`${h.file}.missing`, 100);
    await expect(rows.next()).rejects.toThrow(/building the search documents failed: .*(unable to open|does not exist|no such file)/i);
  });

  it('stops its worker when it fails before reading a batch, and leaves the old index', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const idle = ports();
    const before = snapshot();
    // The record documents are written first (while the worker starts): make them fail.
    h.sqlite.exec(`CREATE TRIGGER fail_records BEFORE INSERT ON record_documents BEGIN SELECT RAISE(ABORT, 'record index broken'); END`);
    try {
      await expect(rebuildEmbeddedIndex(h.sqlite, { documentThread: true })).rejects.toThrow(/record index broken/);
    } finally {
      h.sqlite.exec(`DROP TRIGGER fail_records`);
    }
    expect(ports()).toBe(idle); // the worker is gone
    expect(h.sqlite.inTransaction).toBe(false);
    expect(snapshot()).toEqual(before);
  });

  it('stops the worker when the reader stops early', async () => {
    const rows = searchDocumentRowsInWorker(h.file, 3);
    const first = await rows.next();
    expect(first.done).toBe(false);
    expect((first.value as SearchDocumentRow[]).length).toBe(3);
    const ended = await rows.return(undefined);
    expect(ended.done).toBe(true);
  });
});
