// Child process for the kill -9 tests: starts a big write on DB_FILE (argv[2]) in one
// transaction, the way `npm run seed -- --reset` reloads the catalogue (argv[3] = "import")
// or a full reindex rewrites the search index (argv[3] = "reindex"), or an editor saves
// and publishes a record the way the admin form does (argv[3] = "edit": an initiative's
// summary changed, a draft published), prints "mid" while the transaction is open with
// its writes made, and waits to be killed.
import { openDatabase } from '../../../db/client.ts';
import { clearCatalogue, importCatalogue } from '../../../server/domain/import-catalogue.ts';
import { enqueueAll, applyToEmbeddedIndex } from '../../../server/search/change-feed.ts';
import { readSeedCatalogue } from '../../../seed/catalogue.ts';
import { readRecordInput } from '../../../server/domain/editorial/read-input.ts';
import { changeState, saveRecord } from '../../../server/domain/editorial/save-record.ts';
import { currentRevision } from '../../../server/domain/editorial/revisions.ts';

const [file, kind] = process.argv.slice(2);
const handle = openDatabase(file);
// A small page cache, so much of the open transaction spills into the WAL file on disk.
handle.sqlite.pragma('cache_size = 50');
const hang = () => {
  console.log('mid');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
};
if (kind === 'import') {
  const catalogue = readSeedCatalogue();
  handle.sqlite.transaction(() => {
    clearCatalogue(handle.sqlite);
    importCatalogue(handle.sqlite, catalogue);
    hang();
  })();
} else if (kind === 'edit') {
  const [ref, draft] = process.argv.slice(4);
  const userId = handle.sqlite.prepare(`SELECT id FROM users ORDER BY id LIMIT 1`).pluck().get() as number;
  handle.sqlite.transaction(() => {
    const stored = readRecordInput(handle.sqlite, 'initiative', ref)!;
    const input = { ...stored.input, summary: { nb: 'Avbrutt lagring killmark', en: 'Interrupted save killmark' } };
    saveRecord(handle.sqlite, { kind: 'initiative', ref, input, baseRevision: currentRevision(handle.sqlite, 'initiative', ref), userId });
    changeState(handle.sqlite, 'initiative', draft, 'published', userId, currentRevision(handle.sqlite, 'initiative', draft));
    applyToEmbeddedIndex(handle.sqlite);
    hang();
  })();
} else {
  handle.sqlite.transaction(() => {
    enqueueAll(handle.sqlite);
    applyToEmbeddedIndex(handle.sqlite);
    handle.sqlite.prepare(`DELETE FROM search_documents`).run();
    handle.sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES('rebuild')`).run();
    hang();
  })();
}
