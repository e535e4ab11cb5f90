// The facet fields read column-wise (server/search/facet-fields.ts): the facet table built
// from a facet's field holds exactly what its values() reads from the search documents
// Meilisearch is sent, links that repeat a value file it once, what is not published (an
// initiative, a programme) is left out, and a code the vocabulary lacks is kept as the
// documents keep it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDatabase, type SyntheticDatabase } from '../helpers/synthetic.ts';
import { FACETS, defineFacets } from '../../server/search/facets.ts';
import { loadSearchDocuments } from '../../server/search/documents.ts';
import { loadFacetFields } from '../../server/search/facet-fields.ts';
import { buildSnapshot, type Snapshot } from '../../server/search/sqlite/facet-table.ts';

let db: SyntheticDatabase;
let first: number;
let second: number;

beforeAll(() => {
  db = syntheticDatabase(600, 5);
  const sqlite = db.handle.sqlite;
  [first, second] = sqlite.prepare(`SELECT id FROM initiatives ORDER BY id LIMIT 2`).pluck().all() as number[];
  const programmes = sqlite.prepare(`SELECT id FROM programmes ORDER BY id LIMIT 2`).pluck().all() as number[];
  // One programme under two roles, and a second one shown first.
  sqlite.prepare(`DELETE FROM initiative_programmes WHERE initiative_id = ?`).run(first);
  const link = sqlite.prepare(`INSERT INTO initiative_programmes (initiative_id, programme_id, role, position) VALUES (?, ?, ?, ?)`);
  link.run(first, programmes[1], 'part-of', 1);
  link.run(first, programmes[1], 'funded-by', 2);
  link.run(first, programmes[0], 'part-of', 0);
  // Two participation entries of one method, and a method the vocabulary does not have.
  const method = sqlite.prepare(`SELECT code FROM terms WHERE kind = 'participation-method' ORDER BY code LIMIT 1`).pluck().get() as string;
  const entry = sqlite.prepare(`INSERT INTO participation_entries (initiative_id, method, position) VALUES (?, ?, ?)`);
  entry.run(first, method, 10);
  entry.run(first, method, 11);
  entry.run(first, 'no-such-method', 12);
  sqlite.prepare(`INSERT OR IGNORE INTO initiative_terms (initiative_id, kind, code) VALUES (?, 'theme', 'no-such-theme')`).run(first);
  // An initiative that is not published, and a programme that is not.
  sqlite.prepare(`UPDATE initiatives SET state = 'draft' WHERE id = ?`).run(second);
  sqlite.prepare(`UPDATE programmes SET state = 'draft' WHERE id = (SELECT max(id) FROM programmes)`).run();
});
afterAll(() => db?.remove());

/** Entry p's values of facet f in a table, as a sorted list. */
function tableValues(snap: Snapshot, f: number, p: number): string[] {
  const column = snap.facets[f];
  return Array.from(column.ids.subarray(column.offsets[p], column.offsets[p + 1]), (id) => column.values[id]).sort();
}

describe('the facet table built from the facet fields', () => {
  it('files every initiative under what values() reads from its search document', () => {
    const sqlite = db.handle.sqlite;
    const snap = buildSnapshot(sqlite, 1, FACETS);
    const docs = loadSearchDocuments(sqlite);
    expect(Array.from(snap.ids)).toEqual(docs.map((d) => d.id));
    expect(docs.map((d) => d.id)).not.toContain(second);
    let compared = 0;
    docs.forEach((doc, p) => {
      FACETS.list.forEach((facet, f) => {
        expect(tableValues(snap, f, p), `${facet.name} of ${doc.id}`).toEqual([...new Set(facet.values(doc))].sort());
        compared++;
      });
    });
    expect(compared).toBe(docs.length * FACETS.list.length);
  });

  it('is the same table when every facet computes its values instead of reading its field', () => {
    const sqlite = db.handle.sqlite;
    const computed = defineFacets(FACETS.list.map((f) => ({ ...f, field: undefined, values: (d) => f.values(d) })));
    const byField = buildSnapshot(sqlite, 1, FACETS);
    const byValues = buildSnapshot(sqlite, 1, computed);
    for (let f = 0; f < FACETS.list.length; f++) {
      for (let p = 0; p < byField.size; p++) expect(tableValues(byValues, f, p)).toEqual(tableValues(byField, f, p));
    }
  });

  it('files a value once however many links repeat it, and leaves out what is unpublished', () => {
    const sqlite = db.handle.sqlite;
    const snap = buildSnapshot(sqlite, 1, FACETS);
    const p = snap.posOfId[first];
    const f = (name: string) => FACETS.names.indexOf(name);
    const programmes = sqlite.prepare(`SELECT slug FROM programmes ORDER BY id LIMIT 2`).pluck().all() as string[];
    expect(tableValues(snap, f('programme'), p)).toEqual([...programmes].sort());
    const participation = tableValues(snap, f('participation'), p);
    expect(participation).toEqual([...new Set(participation)]);
    expect(participation).toContain('no-such-method'); // as in the search document (first test)
    expect(tableValues(snap, f('theme'), p)).toContain('no-such-theme');
    expect(snap.posOfId[second]).toBe(-1);
    const draft = sqlite.prepare(`SELECT slug FROM programmes WHERE state = 'draft'`).pluck().get() as string;
    expect(snap.facets[f('programme')].values).not.toContain(draft);
  });
});

describe('loadFacetFields', () => {
  it('gives the same fields for chosen initiatives as for all, with programmes and areas in their display order', () => {
    const sqlite = db.handle.sqlite;
    const all = loadFacetFields(sqlite);
    const some = loadFacetFields(sqlite, [first, second, all[10].id, all[200].id]);
    expect(some.map((d) => d.id)).toEqual([first, all[10].id, all[200].id]);
    const programmes = sqlite.prepare(`SELECT slug FROM programmes ORDER BY id LIMIT 2`).pluck().all() as string[];
    expect(some[0].programme).toEqual(programmes); // position 0 first, the second programme once
    for (const doc of some) {
      const same = all.find((d) => d.id === doc.id)!;
      for (const [key, value] of Object.entries(doc)) {
        const other = same[key as keyof typeof same];
        if (key === 'programme' || key === 'areas') expect([...(value as string[])].sort()).toEqual([...(other as string[])].sort());
        else expect(value).toEqual(other);
      }
    }
    const areas = sqlite
      .prepare(`SELECT a.slug FROM initiative_areas x JOIN areas a ON a.id = x.area_id WHERE x.initiative_id = ? AND a.state = 'published' ORDER BY x.position`)
      .pluck()
      .all(all[200].id);
    expect(some[2].areas).toEqual(areas);
  });
});
