import { applyToEmbeddedIndex } from '../../server/search/change-feed.ts';
// Start-up preparation: migrations, seeding an empty catalogue once, and rebuilding
// search documents written by an older version of the code.
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDatabase, ensureSearchDocuments, SEARCH_DOCUMENT_VERSION } from '../../server/domain/setup.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';

describe('prepareDatabase', () => {
  const files: string[] = [];
  afterEach(() => files.splice(0).forEach(removeDbFile));

  it('seeds an empty catalogue once and leaves a filled one alone', () => {
    const file = tempDbFile();
    files.push(file);
    const first = prepareDatabase(file, fixtureCatalogue);
    expect(first.seeded?.initiatives.inserted).toBe(10);
    first.handle.close();
    let calls = 0;
    const second = prepareDatabase(file, () => {
      calls++;
      return fixtureCatalogue();
    });
    expect(second.seeded).toBeNull();
    expect(calls).toBe(0);
    second.handle.close();
  });

  it('rewrites search documents built by an older version', () => {
    const file = tempDbFile();
    files.push(file);
    const { handle } = prepareDatabase(file, fixtureCatalogue);
    const sqlite = handle.sqlite;
    const match = () => sqlite.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"arbeidssøkere"'`).pluck().get();
    expect(match()).toBe(1);
    sqlite.prepare(`UPDATE search_documents SET body = ''`).run();
    sqlite.prepare(`UPDATE meta SET value = ? WHERE key = 'search_documents'`).run(SEARCH_DOCUMENT_VERSION - 1);
    expect(match()).toBe(0);
    expect(ensureSearchDocuments(sqlite)).toBe(true);
    // Queued on the change feed: the next search (or start) brings the index up to date.
    applyToEmbeddedIndex(sqlite);
    expect(match()).toBe(1);
    expect(ensureSearchDocuments(sqlite)).toBe(false);
    handle.close();
  });
});
