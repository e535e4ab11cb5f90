// The change feed's triggers (migrations/0004_change_feed.sql): every write that changes
// what a search document says records (kind, record_id) in search_outbox, in the same
// transaction — vocabularies and countries included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';

describe('change feed triggers', () => {
  let handle: DatabaseHandle;
  const idOf = (table: string, slug: string) => handle.sqlite.prepare(`SELECT id FROM ${table} WHERE slug = ?`).pluck().get(slug) as number;
  const entries = () => handle.sqlite.prepare(`SELECT kind, record_id AS id FROM search_outbox ORDER BY id`).all() as { kind: string; id: number }[];
  const changed = (kind: string) => [...new Set(entries().filter((e) => e.kind === kind).map((e) => e.id))].sort((a, b) => a - b);
  const sorted = (...ids: number[]) => ids.sort((a, b) => a - b);

  beforeEach(() => {
    handle = createTestDatabase();
    handle.sqlite.prepare(`DELETE FROM search_outbox`).run();
  });
  afterEach(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  it('the import itself fed every record', () => {
    const fresh = createTestDatabase();
    const kinds = fresh.sqlite.prepare(`SELECT kind, count(DISTINCT record_id) AS n FROM search_outbox GROUP BY kind ORDER BY kind`).all();
    expect(kinds).toEqual([
      { kind: 'area', n: 5 },
      { kind: 'event', n: 1 },
      { kind: 'initiative', n: 10 },
      { kind: 'organisation', n: 2 },
      { kind: 'programme', n: 4 },
      { kind: 'resource', n: 1 },
    ]);
    fresh.close();
    removeDbFile(fresh.file);
  });

  it('records an insert, an update and a delete of an initiative', () => {
    const info = handle.sqlite
      .prepare(`INSERT INTO initiatives (ref, slug, title_en, country_code, target_groups_original, confidence) VALUES ('X1', 'ny', 'New', 'NO', '[]', 'verified')`)
      .run();
    const id = Number(info.lastInsertRowid);
    expect(entries()).toEqual([{ kind: 'initiative', id }]);
    handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Newer' WHERE id = ?`).run(id);
    handle.sqlite.prepare(`DELETE FROM initiatives WHERE id = ?`).run(id);
    expect(entries().every((e) => e.kind === 'initiative' && e.id === id)).toBe(true);
    expect(entries().length).toBe(3);
  });

  it('records term, area, programme, organisation, participation and anchoring links for their initiative', () => {
    const id = idOf('initiatives', 'glen-jobs');
    const org = idOf('organisations', 'test-bank');
    handle.sqlite.prepare(`INSERT INTO initiative_terms (initiative_id, kind, code) VALUES (?, 'theme', 'housing')`).run(id);
    handle.sqlite.prepare(`DELETE FROM initiative_areas WHERE initiative_id = ?`).run(id);
    handle.sqlite.prepare(`INSERT INTO initiative_organisations (initiative_id, organisation_id, role) VALUES (?, ?, 'funder')`).run(id, org);
    handle.sqlite.prepare(`INSERT INTO participation_entries (initiative_id, method) VALUES (?, 'vote')`).run(id);
    handle.sqlite.prepare(`INSERT INTO anchoring_entries (initiative_id, kind) VALUES (?, 'political')`).run(id);
    handle.sqlite.prepare(`DELETE FROM initiative_programmes WHERE initiative_id = ?`).run(id);
    expect(changed('initiative')).toEqual([id]);
  });

  it('records every initiative of a renamed area, and the area itself', () => {
    const area = idOf('areas', 'osterby');
    handle.sqlite.prepare(`UPDATE areas SET name = 'Østerbyen' WHERE id = ?`).run(area);
    expect(changed('initiative')).toEqual(sorted(idOf('initiatives', 'park-og-turvei'), idOf('initiatives', 'tromso-medvirkning')));
    expect(changed('area')).toEqual([area]);
  });

  it('records every initiative, area and resource of a renamed programme', () => {
    handle.sqlite.prepare(`UPDATE programmes SET name_en = 'The Test Lift, renamed' WHERE slug = 'prog-no'`).run();
    const ofProgramme = handle.sqlite
      .prepare(`SELECT initiative_id FROM initiative_programmes WHERE programme_id = ? ORDER BY 1`)
      .pluck()
      .all(idOf('programmes', 'prog-no')) as number[];
    expect(ofProgramme.length).toBeGreaterThan(1);
    expect(changed('initiative')).toEqual(ofProgramme);
    expect(changed('programme')).toEqual([idOf('programmes', 'prog-no')]);
    expect(changed('area')).toEqual(sorted(idOf('areas', 'tromso-nord'), idOf('areas', 'osterby')));
    expect(changed('resource')).toEqual([idOf('resources', 'erfaringer-fra-testvik')]);
  });

  it('records what a relabelled vocabulary term reaches', () => {
    handle.sqlite.prepare(`UPDATE terms SET label_nb = 'Ungdommer' WHERE kind = 'target' AND code = 'youth'`).run();
    const withYouth = handle.sqlite
      .prepare(`SELECT initiative_id FROM initiative_terms WHERE kind = 'target' AND code = 'youth' ORDER BY 1`)
      .pluck()
      .all() as number[];
    expect(withYouth.length).toBeGreaterThan(0);
    expect(changed('initiative')).toEqual(withYouth);
    handle.sqlite.prepare(`DELETE FROM search_outbox`).run();
    handle.sqlite.prepare(`UPDATE terms SET label_en = 'Knocking on doors' WHERE kind = 'participation-method' AND code = 'door-to-door'`).run();
    expect(changed('initiative')).toEqual([idOf('initiatives', 'moteplass-for-ungdom')]);
  });

  it('records every record of a renamed country', () => {
    handle.sqlite.prepare(`UPDATE countries SET name_nb = 'Kongeriket Sverige' WHERE code = 'SE'`).run();
    const swedish = handle.sqlite.prepare(`SELECT id FROM initiatives WHERE country_code = 'SE' ORDER BY id`).pluck().all();
    expect(changed('initiative')).toEqual(swedish);
    expect(changed('area')).toEqual([idOf('areas', 'gardsby')]);
    expect(changed('programme')).toEqual([idOf('programmes', 'prog-se')]);
  });

  it('records an organisation rename for its initiatives, programmes, events and resources', () => {
    handle.sqlite.prepare(`UPDATE organisations SET name = 'Testvik bykommune' WHERE slug = 'test-kommune'`).run();
    expect(changed('organisation')).toEqual([idOf('organisations', 'test-kommune')]);
    expect(changed('initiative')).toEqual([idOf('initiatives', 'moteplass-for-ungdom')]);
    expect(changed('event')).toEqual([idOf('events', 'testkonferansen')]);
    expect(changed('resource')).toEqual([idOf('resources', 'erfaringer-fra-testvik')]);
  });

  it('records a resource linked to a subject, and the resources of a renamed event', () => {
    const resource = idOf('resources', 'erfaringer-fra-testvik');
    handle.sqlite.prepare(`INSERT INTO resource_areas (resource_id, area_id) VALUES (?, ?)`).run(resource, idOf('areas', 'osterby'));
    expect(changed('resource')).toEqual([resource]);
    handle.sqlite.prepare(`DELETE FROM search_outbox`).run();
    handle.sqlite.prepare(`UPDATE events SET name_en = 'The test conference 2' WHERE slug = 'testkonferansen'`).run();
    expect(changed('resource')).toEqual([resource]);
  });

  it('writes nothing when the transaction rolls back', () => {
    const id = idOf('initiatives', 'glen-jobs');
    expect(() =>
      handle.sqlite.transaction(() => {
        handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Changed' WHERE id = ?`).run(id);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(entries()).toEqual([]);
  });
});
