// A database made by the last release (0.1.0: `npm start` on a fresh clone of it, seeded
// and indexed, stored gzipped in tests/fixtures) is migrated to the knowledge model on a
// copy, and every row must arrive: same counts, every value where the new model keeps it.
import fs from 'node:fs';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { openDatabase, runMigrations, type DatabaseHandle } from '../../db/client.ts';
import { schemaTables } from '../../db/schema.ts';
import { importCatalogue } from '../../server/domain/import-catalogue.ts';
import { readSeedCatalogue } from '../../seed/catalogue.ts';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';

const RELEASE = new URL('../fixtures/release-0.1.0.db.gz', import.meta.url);

type Row = Record<string, unknown>;

describe('migrating a database from release 0.1.0', () => {
  let file: string;
  let before: Database.Database;
  let after: DatabaseHandle;
  const all = (db: Database.Database, sql: string) => db.prepare(sql).all() as Row[];

  beforeAll(() => {
    file = tempDbFile();
    fs.writeFileSync(file, zlib.gunzipSync(fs.readFileSync(RELEASE)));
    // The untouched release database, read beside the migrated copy.
    const original = `${file}.release`;
    fs.copyFileSync(file, original);
    before = new Database(original, { readonly: true });
    after = openDatabase(file);
    runMigrations(after);
  });

  afterAll(() => {
    before.close();
    after.close();
    removeDbFile(file);
  });

  it('keeps the count of every table the first model had', () => {
    const tables = all(before, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'search_fts%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'`);
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      if (name === 'search_outbox') continue; // checked below: it gains the first projection of every record
      const count = (db: Database.Database) => db.prepare(`SELECT count(*) FROM "${name as string}"`).pluck().get();
      expect(count(after.sqlite), String(name)).toBe(count(before));
    }
  });

  it('keeps every pending search change, as an initiative entry of the change feed', () => {
    const old = all(before, `SELECT id, initiative_id FROM search_outbox ORDER BY id`);
    expect(old.length).toBeGreaterThan(0);
    const now = new Map(all(after.sqlite, `SELECT id, kind, record_id FROM search_outbox`).map((r) => [r.id, r]));
    for (const o of old) expect(now.get(o.id)).toEqual({ id: o.id, kind: 'initiative', record_id: o.initiative_id });
    // …and queues every record once, so the first start projects the new model.
    const queued = all(after.sqlite, `SELECT kind, count(DISTINCT record_id) AS n FROM search_outbox WHERE id > ${old.at(-1)!.id} GROUP BY kind ORDER BY kind`);
    expect(queued).toEqual([
      { kind: 'area', n: 50 },
      { kind: 'initiative', n: 71 },
      { kind: 'programme', n: 15 },
    ]);
  });

  it('carries every initiative value into its new column', () => {
    const old = all(before, `SELECT * FROM initiatives ORDER BY id`);
    const now = new Map(all(after.sqlite, `SELECT * FROM initiatives`).map((r) => [r.id, r]));
    expect(old.length).toBe(71);
    for (const o of old) {
      const n = now.get(o.id)!;
      expect(n, `initiative ${o.id}`).toBeDefined();
      for (const column of ['slug', 'title_nb', 'title_original', 'original_language', 'title_en', 'summary_nb', 'summary_en',
        'location_text', 'country_code', 'period_start', 'period_end', 'target_groups_original', 'content_hash', 'created_at', 'updated_at']) {
        expect(n[column], `${o.slug}.${column}`).toEqual(o[column]);
      }
      expect(n.ref).toBe(o.seed_ref);
      expect(n.outcomes_en).toEqual(o.outcomes);
      expect(n.notes_en).toEqual(o.notes);
      expect(['verified', 'partly-inferred', 'unverified']).toContain(n.confidence);
      expect(['ongoing', 'ended', 'unknown-end']).toContain(n.status);
      if (o.period_end === null) expect(n.status).toBe('unknown-end');
    }
  });

  it('turns the one programme of an initiative into a part-of link', () => {
    const old = all(before, `SELECT id, programme_id FROM initiatives WHERE programme_id IS NOT NULL ORDER BY id`);
    const links = all(after.sqlite, `SELECT initiative_id, programme_id, role FROM initiative_programmes ORDER BY initiative_id`);
    expect(links).toEqual(old.map((o) => ({ initiative_id: o.id, programme_id: o.programme_id, role: 'part-of' })));
  });

  it('keeps every link of the first model', () => {
    for (const table of ['initiative_areas', 'initiative_terms', 'initiative_sources', 'area_programmes', 'area_sources', 'programme_sources']) {
      const rows = (db: Database.Database) => JSON.stringify(all(db, `SELECT * FROM ${table} ORDER BY 1, 2, 3`));
      expect(rows(after.sqlite), table).toBe(rows(before));
    }
  });

  it('moves programme and area texts to their English columns', () => {
    const oldP = all(before, `SELECT * FROM programmes ORDER BY id`);
    const newP = new Map(all(after.sqlite, `SELECT * FROM programmes`).map((r) => [r.id, r]));
    for (const o of oldP) {
      const n = newP.get(o.id)!;
      expect(n.ref).toBe(String(o.slug).toUpperCase());
      for (const [from, to] of [['goals', 'goals_en'], ['budget', 'budget_en'], ['structure', 'structure_en'], ['population', 'population_en'],
        ['key_findings', 'key_findings_en'], ['note', 'note_en'], ['responsible', 'responsible_en'], ['evaluations', 'evaluations_en'],
        ['name_original', 'name_original'], ['name_en', 'name_en'], ['slug', 'slug']]) {
        expect(n[to], `${o.slug}.${from}`).toEqual(o[from]);
      }
    }
    const oldA = all(before, `SELECT * FROM areas ORDER BY id`);
    const newA = new Map(all(after.sqlite, `SELECT * FROM areas`).map((r) => [r.id, r]));
    for (const o of oldA) {
      const n = newA.get(o.id)!;
      expect(n.description_en).toEqual(o.notes);
      expect(n.population_en).toEqual(o.population);
      expect(n.name).toEqual(o.name);
      expect(n.ref).toMatch(/^A\d{3}$/);
    }
  });

  it('maps confidence to the fixed list without over-claiming', () => {
    const now = new Map(all(after.sqlite, `SELECT id, confidence, confidence_note_en FROM initiatives`).map((r) => [r.id, r]));
    const seen = { verified: 0, 'partly-inferred': 0, unverified: 0 } as Record<string, number>;
    for (const o of all(before, `SELECT id, confidence, notes FROM initiatives`)) {
      const n = now.get(o.id)!;
      const hedged = /inferred|approximat|recalled/i.test(String(o.notes ?? ''));
      const expected = /^seen/i.test(String(o.confidence)) ? (hedged ? 'partly-inferred' : 'verified') : /^mixed/i.test(String(o.confidence)) ? 'partly-inferred' : 'unverified';
      expect(n.confidence, `initiative ${o.id} (${o.confidence}, ${o.notes})`).toBe(expected);
      seen[n.confidence as string]++;
    }
    // The review found records marked seen whose notes say inferred, approximated or recalled.
    expect(seen['partly-inferred']).toBeGreaterThan(0);
    expect(seen.verified).toBeGreaterThan(0);
  });

  it('leaves a schema with every column db/schema.ts declares', () => {
    for (const table of Object.values(schemaTables)) {
      const config = getTableConfig(table);
      const columns = new Map(
        (after.sqlite.prepare(`SELECT name, "notnull" FROM pragma_table_info(?)`).all(config.name) as { name: string; notnull: number }[]).map(
          (c) => [c.name, c.notnull],
        ),
      );
      for (const column of config.columns) {
        expect(columns.has(column.name), `${config.name}.${column.name}`).toBe(true);
        expect(Boolean(columns.get(column.name)), `${config.name}.${column.name} NOT NULL`).toBe(column.notNull);
      }
      expect(columns.size, `${config.name} has no columns the schema lacks`).toBe(config.columns.length);
    }
  });

  it('then loads the current seed over it without losing a record', () => {
    const report = importCatalogue(after.sqlite, readSeedCatalogue());
    // Every release record is found again by its stable ref and updated, none inserted twice.
    expect(report.initiatives.updated + report.initiatives.unchanged).toBe(71);
    expect(report.areas.updated + report.areas.unchanged).toBe(50);
    expect(report.programmes.updated + report.programmes.unchanged).toBe(15);
    const ids = (db: Database.Database, table: string) => db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all();
    for (const table of ['initiatives', 'areas', 'programmes', 'sources']) {
      const kept = new Set(ids(after.sqlite, table));
      for (const id of ids(before, table)) expect(kept.has(id), `${table} ${id}`).toBe(true);
    }
    expect(after.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(after.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
