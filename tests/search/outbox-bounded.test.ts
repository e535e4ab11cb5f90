// The change feed does not grow without limit on the embedded engine (issue 14, defect 5):
// after a reset of a catalogue of thousands of records, the next search leaves
// search_outbox empty, also when a Meilisearch cursor was left behind by an earlier run
// with SEARCH_ENGINE=meilisearch (it held back pruning for a week).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { generateCatalogue } from '../../scripts/generate.ts';
import { openDatabase } from '../../db/client.ts';
import { registerConsumer } from '../../server/search/change-feed.ts';
import { MEILI_CONSUMER } from '../../server/search/outbox.ts';
import { testConfig } from '../helpers/app.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-outbox-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const outboxRows = (file: string) => {
  const h = openDatabase(file, { readonly: true });
  try {
    return h.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get() as number;
  } finally {
    h.close();
  }
};

describe('search_outbox on the embedded engine', () => {
  it('is empty after a reset of 3,000 initiatives and one search, also with a stale Meilisearch cursor', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'bounded.db');
    generateCatalogue(file, { count: 3000, seed: 7 });
    // A cursor left by an earlier Meilisearch run, at the start of the feed.
    const setup = openDatabase(file);
    registerConsumer(setup.sqlite, MEILI_CONSUMER, 0);
    setup.close();

    const app = await buildApp({ config: testConfig({ DB_FILE: file }), seedIfEmpty: false });
    await app.ready();
    try {
      for (let round = 0; round < 2; round++) {
        // A reset: every initiative and area rewritten in one transaction, as a reload does.
        const written = app.db.sqlite.transaction(() => {
          const a = app.db.sqlite.prepare(`UPDATE initiatives SET title_en = title_en || ' '`).run().changes;
          const b = app.db.sqlite.prepare(`UPDATE areas SET name = name || ' '`).run().changes;
          return a + b;
        })();
        expect(written).toBeGreaterThan(3000);
        expect(outboxRows(file)).toBeGreaterThanOrEqual(3000);
        const res = await app.inject('/?q=park');
        expect(res.statusCode).toBe(200);
        expect(outboxRows(file)).toBe(0);
      }
    } finally {
      await app.close();
    }
  });
});
