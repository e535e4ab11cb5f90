// The FTS5 index of initiatives keeps up to 16 MB of pending terms before writing a segment
// (migration 0011), so a full rebuild writes fewer segments; the index it builds answers
// exactly as before and passes FTS5's own integrity check.
import { describe, expect, it } from 'vitest';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { applyToEmbeddedIndex } from '../../server/search/change-feed.ts';

describe('the FTS5 hash size', () => {
  it('is 16 MB after the migrations, and a rebuild with it finds the same rows', () => {
    const h = createTestDatabase();
    try {
      const s = h.sqlite;
      applyToEmbeddedIndex(s);
      expect(s.prepare(`SELECT v FROM search_fts_config WHERE k = 'hashsize'`).pluck().get()).toBe(16 * 1024 * 1024);
      const words = ['park', 'youth', 'områdeløft', 'beboere'];
      const find = () => words.map((w) => s.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid`).pluck().all(`"${w}"*`));
      const before = find();
      expect(before.flat().length).toBeGreaterThan(0);
      s.prepare(`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`).run();
      s.prepare(`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`).run();
      expect(find()).toEqual(before);
    } finally {
      h.close();
      removeDbFile(h.file);
    }
  });
});
