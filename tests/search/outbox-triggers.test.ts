// The outbox triggers (migrations/0002_search_outbox_triggers.sql): every write that
// changes an initiative's search document records an entry, in the same transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';

describe('search_outbox triggers', () => {
  let handle: DatabaseHandle;
  const idOf = (slug: string) => handle.sqlite.prepare(`SELECT id FROM initiatives WHERE slug = ?`).pluck().get(slug) as number;
  const entries = () =>
    handle.sqlite.prepare(`SELECT initiative_id AS id, op FROM search_outbox ORDER BY id`).all() as { id: number; op: string }[];
  const idsIn = () => [...new Set(entries().map((e) => e.id))].sort((a, b) => a - b);

  beforeEach(() => {
    handle = createTestDatabase();
    handle.sqlite.prepare(`DELETE FROM search_outbox`).run();
  });
  afterEach(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  it('the import itself filled the outbox (one or more entries per initiative)', () => {
    const fresh = createTestDatabase();
    const n = fresh.sqlite.prepare(`SELECT count(DISTINCT initiative_id) FROM search_outbox`).pluck().get();
    expect(n).toBe(10);
    fresh.close();
    removeDbFile(fresh.file);
  });

  it('records an insert, an update and a delete of an initiative', () => {
    const info = handle.sqlite
      .prepare(
        `INSERT INTO initiatives (slug, title_en, country_code, target_groups_original, confidence) VALUES ('ny', 'New', 'NO', '[]', 'seen')`,
      )
      .run();
    const id = Number(info.lastInsertRowid);
    expect(entries()).toEqual([{ id, op: 'upsert' }]);
    handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Newer' WHERE id = ?`).run(id);
    expect(entries().at(-1)).toEqual({ id, op: 'upsert' });
    handle.sqlite.prepare(`DELETE FROM initiatives WHERE id = ?`).run(id);
    expect(entries().some((e) => e.id === id && e.op === 'delete')).toBe(true);
  });

  it('records term, area-link and source-link changes for their initiative', () => {
    const id = idOf('glen-jobs');
    handle.sqlite.prepare(`INSERT INTO initiative_terms (initiative_id, kind, code) VALUES (?, 'theme', 'housing')`).run(id);
    handle.sqlite.prepare(`DELETE FROM initiative_areas WHERE initiative_id = ?`).run(id);
    handle.sqlite.prepare(`UPDATE initiative_sources SET position = 5 WHERE initiative_id = ?`).run(id);
    expect(idsIn()).toEqual([id]);
    expect(entries().length).toBeGreaterThanOrEqual(3);
  });

  it('records every initiative of a renamed area, and none for an unrelated column', () => {
    handle.sqlite.prepare(`UPDATE areas SET population = '5000' WHERE slug = 'osterby'`).run();
    expect(entries()).toEqual([]);
    handle.sqlite.prepare(`UPDATE areas SET name = 'Østerbyen' WHERE slug = 'osterby'`).run();
    expect(idsIn()).toEqual([idOf('park-og-turvei'), idOf('tromso-medvirkning')].sort((a, b) => a - b));
  });

  it('records every initiative of a deleted area', () => {
    handle.sqlite.prepare(`DELETE FROM areas WHERE slug = 'gardsby'`).run();
    expect(idsIn()).toEqual([idOf('solhus-gardsby'), idOf('motesplats-aldre')].sort((a, b) => a - b));
  });

  it('records every initiative of a renamed programme', () => {
    handle.sqlite.prepare(`UPDATE programmes SET name_en = 'The Quarter Trial' WHERE slug = 'prog-dk'`).run();
    expect(idsIn()).toEqual([idOf('kvarterhus-norrebro'), idOf('gronne-gardrum')].sort((a, b) => a - b));
  });

  it('writes nothing when the transaction rolls back', () => {
    const id = idOf('glen-jobs');
    expect(() =>
      handle.sqlite.transaction(() => {
        handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Changed' WHERE id = ?`).run(id);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(entries()).toEqual([]);
  });
});
