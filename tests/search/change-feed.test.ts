// One change feed keeps the embedded index current: whatever changes in the catalogue —
// a vocabulary label, an area's name, a programme's name, an organisation's role, a talk
// linked to a subject — is found under its new text in the very next search, with no
// step in between. (The Meilisearch side runs the same changes in its contract suite.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';
import { searchRecords } from '../../server/search/record-search.ts';
import { pendingFor, EMBEDDED_CONSUMER, pruneFeed, latestEntry, applyToEmbeddedIndex, SIDE_CONNECTION_FROM } from '../../server/search/change-feed.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { q } from './contract.ts';

describe('the change feed keeps the embedded index current', () => {
  let handle: DatabaseHandle;
  let engine: SqliteSearchEngine;
  const found = async (text: string) => (await engine.search(q({ q: text }))).hits.map((h) => h.slug).sort();
  const records = (text: string) =>
    Object.fromEntries(Object.entries(searchRecords(handle.sqlite, text).byKind).map(([k, v]) => [k, v!.hits.map((h) => h.id)]));
  const idOf = (table: string, slug: string) => handle.sqlite.prepare(`SELECT id FROM ${table} WHERE slug = ?`).pluck().get(slug) as number;

  beforeEach(() => {
    handle = createTestDatabase();
    engine = new SqliteSearchEngine(handle.sqlite);
  });
  afterEach(async () => {
    await engine.close();
    handle.close();
    removeDbFile(handle.file);
  });

  it('finds a relabelled vocabulary term under its new label, not the old one', async () => {
    const youth = await found('Ungdom og unge voksne');
    expect(youth.length).toBeGreaterThan(0);
    handle.sqlite.prepare(`UPDATE terms SET label_nb = 'Tenåringsliv' WHERE kind = 'target' AND code = 'youth'`).run();
    expect(await found('Tenåringsliv')).toEqual(youth);
    expect(await found('Ungdom og unge voksne')).toEqual([]);
  });

  it('finds initiatives under a renamed area, and the area itself', async () => {
    expect(await found('Nordlysbyen')).toEqual([]);
    handle.sqlite.prepare(`UPDATE areas SET name = 'Nordlysbyen' WHERE slug = 'tromso-nord'`).run();
    const inArea = handle.sqlite
      .prepare(`SELECT i.slug FROM initiatives i JOIN initiative_areas ia ON ia.initiative_id = i.id JOIN areas a ON a.id = ia.area_id WHERE a.slug = 'tromso-nord' ORDER BY 1`)
      .pluck()
      .all();
    expect(await found('Nordlysbyen')).toEqual(inArea);
    expect(records('Nordlysbyen').area).toEqual([idOf('areas', 'tromso-nord')]);
  });

  it('finds initiatives under a changed programme name', async () => {
    handle.sqlite.prepare(`UPDATE programmes SET name_nb = 'Kvartalsprøven' WHERE slug = 'prog-dk'`).run();
    expect(await found('Kvartalsprøven')).toEqual(['gronne-gardrum', 'kvarterhus-norrebro']);
    expect(records('Kvartalsprøven').programme).toEqual([idOf('programmes', 'prog-dk')]);
  });

  it('finds an initiative by an organisation given a role on it', async () => {
    expect(await found('Testbanken')).toEqual(['moteplass-for-ungdom']);
    handle.sqlite
      .prepare(`INSERT INTO initiative_organisations (initiative_id, organisation_id, role) VALUES (?, ?, 'partner')`)
      .run(idOf('initiatives', 'glen-jobs'), idOf('organisations', 'test-bank'));
    expect(await found('Testbanken')).toEqual(['glen-jobs', 'moteplass-for-ungdom']);
    expect(records('TB').organisation).toEqual([idOf('organisations', 'test-bank')]);
  });

  it('finds a talk by its speaker, and by a subject linked to it', async () => {
    const talk = idOf('resources', 'erfaringer-fra-testvik');
    expect(records('Kari Testesen').resource).toEqual([talk]);
    expect(records('Gårdsby').resource).toBeUndefined();
    handle.sqlite.prepare(`INSERT INTO resource_areas (resource_id, area_id) VALUES (?, ?)`).run(talk, idOf('areas', 'gardsby'));
    expect(records('Gårdsby').resource).toEqual([talk]);
  });

  it('forgets a deleted initiative at once', async () => {
    expect(await found('Glen')).toContain('glen-jobs');
    handle.sqlite.prepare(`DELETE FROM initiatives WHERE slug = 'glen-jobs'`).run();
    expect(await found('Glen')).not.toContain('glen-jobs');
  });

  it('applies a big feed through a connection of its own, a small one through the caller\'s', async () => {
    // total_changes() counts the rows written through one connection.
    const written = () => handle.sqlite.prepare(`SELECT total_changes()`).pluck().get() as number;
    await found('');
    const enqueue = handle.sqlite.prepare(`INSERT INTO search_outbox (kind, record_id) SELECT 'initiative', id FROM initiatives`);
    handle.sqlite.prepare(`UPDATE terms SET label_nb = 'Tenåringsliv' WHERE kind = 'target' AND code = 'youth'`).run();
    while (pendingFor(handle.sqlite, EMBEDDED_CONSUMER) <= SIDE_CONNECTION_FROM) enqueue.run();
    const before = written();
    expect(applyToEmbeddedIndex(handle.sqlite)).toBeGreaterThan(SIDE_CONNECTION_FROM);
    expect(written()).toBe(before); // every document written through the other connection
    expect(pendingFor(handle.sqlite, EMBEDDED_CONSUMER)).toBe(0);
    expect((await found('Tenåringsliv')).length).toBeGreaterThan(0);

    handle.sqlite.prepare(`UPDATE terms SET label_nb = 'Ungdomsliv' WHERE kind = 'target' AND code = 'youth'`).run();
    const small = written();
    expect(applyToEmbeddedIndex(handle.sqlite)).toBeGreaterThan(0);
    expect(written()).toBeGreaterThan(small);
    expect((await found('Ungdomsliv')).length).toBeGreaterThan(0);
  });

  it('leaves no feed behind when the embedded index is the only reader', async () => {
    await found('Glen');
    expect(pendingFor(handle.sqlite, EMBEDDED_CONSUMER)).toBe(0);
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(0);
    handle.sqlite.prepare(`UPDATE areas SET name = 'Østerbyen' WHERE slug = 'osterby'`).run();
    expect(pendingFor(handle.sqlite, EMBEDDED_CONSUMER)).toBeGreaterThan(0);
    await found('Østerbyen');
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(0);
  });

  it('keeps entries a live Meilisearch consumer has not read, and drops them once it is stale', async () => {
    handle.sqlite.prepare(`INSERT INTO search_consumers (name, cursor) VALUES ('meilisearch', 0)`).run();
    await found('Glen');
    const kept = handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get() as number;
    expect(kept).toBeGreaterThan(0);
    expect(pruneFeed(handle.sqlite, Date.now() + 8 * 24 * 3600 * 1000)).toBe(kept);
  });
});

describe('latestEntry', () => {
  it('names the newest entry ever written, also once pruning emptied the feed', () => {
    const h = createTestDatabase();
    try {
      applyToEmbeddedIndex(h.sqlite);
      h.sqlite.prepare(`UPDATE initiatives SET title_en = 'x' WHERE slug = 'glen-jobs'`).run();
      const newest = h.sqlite.prepare(`SELECT max(id) FROM search_outbox`).pluck().get() as number;
      applyToEmbeddedIndex(h.sqlite); // the only consumer passes it: the feed is pruned empty
      expect(h.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(0);
      // A consumer registered here has seen everything: the next entry is exactly one past it.
      expect(latestEntry(h.sqlite)).toBe(newest);
    } finally {
      h.close();
      removeDbFile(h.file);
    }
  });
});
