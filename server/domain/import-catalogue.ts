// Writes a whole catalogue (the shipped seed, or any import in the same shape) into the
// database. The input is checked against CatalogueInputSchema (server/schemas/catalogue.ts)
// and every code against the vocabularies first, so a bad file changes nothing and says
// what is wrong. Records are upserted by stable ref; a changed slug is kept in
// slug_history so the old URL redirects. Idempotent: a record whose content hash is
// unchanged is not touched, so a second run changes nothing (not even updated_at).
// Runs in one transaction.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { Value } from '@sinclair/typebox/value';
import {
  CatalogueInputSchema,
  type CatalogueInput,
  type FundingLineInput,
  type Text,
} from '../schemas/catalogue.ts';
import type { RecordKind } from '../../db/schema.ts';

export type {
  CatalogueInput,
  InitiativeInput,
  ProgrammeInput,
  AreaInput,
  SourceInput,
  OrganisationInput,
  EventInput,
  ResourceInput,
  Vocabularies,
} from '../schemas/catalogue.ts';

type Counter = { inserted: number; updated: number; unchanged: number };
const KINDS = ['organisations', 'programmes', 'areas', 'initiatives', 'events', 'resources'] as const;
export type ImportReport = Record<(typeof KINDS)[number], Counter> & { sources: number };

export class ImportError extends Error {}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** Every catalogue table, children first: the order rows can be deleted in. */
const CATALOGUE_TABLES = [
  'search_documents',
  'slug_history',
  'resource_initiatives',
  'resource_areas',
  'resource_programmes',
  'resource_links',
  'resource_people',
  'resources',
  'event_organisations',
  'events',
  'initiative_relations',
  'anchoring_entries',
  'participation_entries',
  'funding_lines',
  'initiative_organisations',
  'programme_organisations',
  'initiative_sources',
  'initiative_terms',
  'initiative_areas',
  'initiative_programmes',
  'initiatives',
  'area_sources',
  'area_programmes',
  'areas',
  'programme_sources',
  'programmes',
  'organisations',
  'sources',
] as const;

/** Deletes every catalogue row (vocabularies stay). For `seed --reset`. */
export function clearCatalogue(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    for (const table of CATALOGUE_TABLES) sqlite.prepare(`DELETE FROM ${table}`).run();
  })();
}

/** Checks the input's shape; throws an ImportError listing the first problems by path. */
export function validateCatalogue(input: unknown): asserts input is CatalogueInput {
  if (Value.Check(CatalogueInputSchema, input)) return;
  const problems: string[] = [];
  for (const error of Value.Errors(CatalogueInputSchema, input)) {
    problems.push(`${error.path || '/'}: ${error.message}`);
    if (problems.length >= 20) break;
  }
  throw new ImportError(`The catalogue does not have the expected shape:\n  - ${problems.join('\n  - ')}`);
}

export function importCatalogue(sqlite: Database.Database, input: CatalogueInput): ImportReport {
  validateCatalogue(input);
  const report = Object.fromEntries([...KINDS.map((k) => [k, { inserted: 0, updated: 0, unchanged: 0 }]), ['sources', 0]]) as ImportReport;
  sqlite.transaction(() => {
    const writer = new CatalogueWriter(sqlite, input, report);
    writer.writeAll();
  })();
  return report;
}

interface Written {
  id: number;
  written: boolean;
  before?: Record<string, unknown>;
}

const nb = (t: Text | undefined) => t?.nb ?? null;
const en = (t: Text | undefined) => t?.en ?? null;

/** One import: resolves refs to row ids as it goes and checks every code it writes. */
class CatalogueWriter {
  private readonly ids: Record<RecordKind, Map<string, number>> = {
    initiative: new Map(),
    area: new Map(),
    programme: new Map(),
    organisation: new Map(),
    event: new Map(),
    resource: new Map(),
  };
  private sourceIds = new Map<string, number>();
  private readonly vocab = new Map<string, Set<string>>();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly input: CatalogueInput,
    private readonly report: ImportReport,
  ) {}

  writeAll(): void {
    this.writeVocabularies();
    this.loadVocabulary();
    this.loadExistingRefs();
    this.writeSources();
    this.writeOrganisations();
    this.writeProgrammes();
    this.writeAreas();
    this.writeInitiatives();
    this.writeEvents();
    this.writeResources();
  }

  // ---- helpers ----------------------------------------------------------------------

  private code(kind: string, code: string | null | undefined, owner: string): string | null {
    if (code === null || code === undefined) return null;
    const known = kind === 'country' ? this.vocab.get('countries') : this.vocab.get(kind);
    if (!known?.has(code)) throw new ImportError(`${owner} has an unknown ${kind} code: ${code}`);
    return code;
  }

  private ref(kind: RecordKind, ref: string, owner: string): number {
    const id = this.ids[kind].get(ref);
    if (id === undefined) throw new ImportError(`${owner} names an unknown ${kind}: ${ref}`);
    return id;
  }

  private source(url: string | null | undefined, owner: string): number | null {
    if (!url) return null;
    const id = this.sourceIds.get(url);
    if (id === undefined) throw new ImportError(`${owner} cites an unknown source: ${url}`);
    return id;
  }

  private sources(urls: string[], owner: string): number[] {
    if (urls.length === 0) throw new ImportError(`${owner} has no source`);
    return urls.map((url) => this.source(url, owner)!);
  }

  private quality(r: { confidence: string; confidenceNote?: Text; lastVerified?: string | null; textLanguage?: string }, owner: string) {
    return {
      confidence: this.code('confidence', r.confidence, owner),
      confidence_note_nb: nb(r.confidenceNote),
      confidence_note_en: en(r.confidenceNote),
      last_verified: r.lastVerified ?? null,
      text_language: r.textLanguage ?? 'en',
    };
  }

  /**
   * Inserts or updates one row by ref, unless the hash of `full` (the whole input record,
   * links included) equals the stored one. `written` tells the caller to rewrite links.
   */
  private writeRecord(
    kind: RecordKind,
    table: string,
    ref: string,
    slug: string,
    columns: Record<string, unknown>,
    full: unknown,
    counter: Counter,
  ): Written {
    const hash = hashOf(full);
    const before = this.sqlite.prepare(`SELECT * FROM ${table} WHERE ref = ?`).get(ref) as
      | (Record<string, unknown> & { id: number; slug: string; content_hash: string | null })
      | undefined;
    if (before && before.content_hash === hash) {
      counter.unchanged++;
      this.ids[kind].set(ref, before.id);
      return { id: before.id, written: false, before };
    }
    const values = { ...columns, ref, slug, content_hash: hash };
    const names = Object.keys(values);
    let id: number;
    if (!before) {
      const info = this.sqlite
        .prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((c) => '@' + c).join(', ')})`)
        .run(values);
      id = Number(info.lastInsertRowid);
      counter.inserted++;
    } else {
      id = before.id;
      if (before.slug !== slug) {
        this.sqlite
          .prepare(`INSERT OR REPLACE INTO slug_history (kind, old_slug, record_id) VALUES (?, ?, ?)`)
          .run(kind, before.slug, id);
      }
      const sets = [`updated_at = ${NOW}`, ...names.filter((c) => c !== 'ref').map((c) => `${c} = @${c}`)];
      this.sqlite.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE ref = @ref`).run(values);
      counter.updated++;
    }
    // A slug that comes back is current again, not a redirect.
    this.sqlite.prepare(`DELETE FROM slug_history WHERE kind = ? AND old_slug = ?`).run(kind, slug);
    this.ids[kind].set(ref, id);
    return { id, written: true, before };
  }

  private replaceRows(table: string, ownerColumn: string, ownerId: number, rows: Record<string, unknown>[]): void {
    this.sqlite.prepare(`DELETE FROM ${table} WHERE ${ownerColumn} = ?`).run(ownerId);
    if (rows.length === 0) return;
    const names = [ownerColumn, ...Object.keys(rows[0])];
    const insert = this.sqlite.prepare(
      `INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES (${names.map((c) => '@' + c).join(', ')})`,
    );
    for (const row of rows) insert.run({ [ownerColumn]: ownerId, ...row });
  }

  private sourceLinks(table: string, ownerColumn: string, ownerId: number, sourceIds: number[]): void {
    this.replaceRows(table, ownerColumn, ownerId, sourceIds.map((source_id, position) => ({ source_id, position })));
  }

  private fundingRows(lines: FundingLineInput[], owner: string): Record<string, unknown>[] {
    return lines.map((f, position) => ({
      amount: f.amount,
      currency: this.code('currency', f.currency, owner),
      year: f.year,
      funder_id: f.funder === null ? null : this.ref('organisation', f.funder, owner),
      text_nb: nb(f.text),
      text_en: en(f.text),
      source_id: this.source(f.sourceUrl, owner),
      position,
    }));
  }

  private orgRoles(roles: { org: string; role: string; sourceUrl?: string | null }[], withSource: boolean, owner: string) {
    return roles.map((r, position) => ({
      organisation_id: this.ref('organisation', r.org, owner),
      role: this.code('organisation-role', r.role, owner),
      ...(withSource ? { source_id: this.source(r.sourceUrl, owner) } : {}),
      position,
    }));
  }

  // ---- vocabularies and sources -------------------------------------------------------

  private writeVocabularies(): void {
    const v = this.input.vocabularies;
    const country = this.sqlite.prepare(
      `INSERT INTO countries (code, name_nb, name_en, sort_order) VALUES (?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET name_nb = excluded.name_nb, name_en = excluded.name_en, sort_order = excluded.sort_order
       WHERE name_nb IS NOT excluded.name_nb OR name_en IS NOT excluded.name_en OR sort_order IS NOT excluded.sort_order`,
    );
    v.countries.forEach((c, i) => country.run(c.code, c.nb, c.en, i));
    const term = this.sqlite.prepare(
      `INSERT INTO terms (kind, code, label_nb, label_en, definition_nb, definition_en, external_ref, sort_order)
       VALUES (@kind, @code, @nb, @en, @definitionNb, @definitionEn, @externalRef, @sort)
       ON CONFLICT (kind, code) DO UPDATE SET label_nb = excluded.label_nb, label_en = excluded.label_en,
         definition_nb = excluded.definition_nb, definition_en = excluded.definition_en,
         external_ref = excluded.external_ref, sort_order = excluded.sort_order
       WHERE label_nb IS NOT excluded.label_nb OR label_en IS NOT excluded.label_en
         OR definition_nb IS NOT excluded.definition_nb OR definition_en IS NOT excluded.definition_en
         OR external_ref IS NOT excluded.external_ref OR sort_order IS NOT excluded.sort_order`,
    );
    for (const [kind, list] of Object.entries(v)) {
      if (kind === 'countries') continue;
      list.forEach((t, sort) =>
        term.run({
          kind,
          code: t.code,
          nb: t.nb,
          en: t.en,
          definitionNb: t.definitionNb ?? '',
          definitionEn: t.definitionEn ?? '',
          externalRef: t.externalRef ?? null,
          sort,
        }),
      );
    }
  }

  private loadVocabulary(): void {
    for (const { code } of this.sqlite.prepare(`SELECT code FROM countries`).all() as { code: string }[]) {
      if (!this.vocab.has('countries')) this.vocab.set('countries', new Set());
      this.vocab.get('countries')!.add(code);
    }
    for (const t of this.sqlite.prepare(`SELECT kind, code FROM terms`).all() as { kind: string; code: string }[]) {
      if (!this.vocab.has(t.kind)) this.vocab.set(t.kind, new Set());
      this.vocab.get(t.kind)!.add(t.code);
    }
  }

  /** Records already in the database can be named by a partial import. */
  private loadExistingRefs(): void {
    const tables: [RecordKind, string][] = [
      ['initiative', 'initiatives'],
      ['area', 'areas'],
      ['programme', 'programmes'],
      ['organisation', 'organisations'],
      ['event', 'events'],
      ['resource', 'resources'],
    ];
    for (const [kind, table] of tables) {
      for (const row of this.sqlite.prepare(`SELECT id, ref FROM ${table}`).all() as { id: number; ref: string }[]) {
        this.ids[kind].set(row.ref, row.id);
      }
    }
  }

  private writeSources(): void {
    const upsert = this.sqlite.prepare(
      `INSERT INTO sources (url, title, publisher, year, type, language, kind, original_publisher)
       VALUES (@url, @title, @publisher, @year, @type, @language, @kind, @originalPublisher)
       ON CONFLICT (url) DO UPDATE SET title = excluded.title, publisher = excluded.publisher, year = excluded.year,
         type = excluded.type, language = excluded.language, kind = excluded.kind, original_publisher = excluded.original_publisher
       WHERE title IS NOT excluded.title OR publisher IS NOT excluded.publisher OR year IS NOT excluded.year
         OR type IS NOT excluded.type OR language IS NOT excluded.language OR kind IS NOT excluded.kind
         OR original_publisher IS NOT excluded.original_publisher`,
    );
    for (const s of this.input.sources) {
      upsert.run({
        url: s.url,
        title: s.title,
        publisher: s.publisher ?? null,
        year: s.year ?? null,
        type: s.type ?? null,
        language: s.language ?? null,
        kind: this.code('source-kind', s.kind ?? 'publisher', `source ${s.url}`),
        originalPublisher: s.originalPublisher ?? null,
      });
    }
    this.report.sources = this.input.sources.length;
    for (const row of this.sqlite.prepare(`SELECT id, url FROM sources`).all() as { id: number; url: string }[]) {
      this.sourceIds.set(row.url, row.id);
    }
  }

  // ---- records ---------------------------------------------------------------------

  private writeOrganisations(): void {
    for (const o of this.input.organisations) {
      const owner = `organisation ${o.ref}`;
      const columns = {
        name: o.name,
        short_name: o.shortName,
        name_en: o.nameEn,
        kind: this.code('organisation-kind', o.kind, owner),
        country_code: this.code('country', o.country, owner),
        website: o.website,
        description_nb: nb(o.description),
        description_en: en(o.description),
        source_id: this.source(o.sourceUrl, owner),
        ...this.quality(o, owner),
      };
      this.writeRecord('organisation', 'organisations', o.ref, o.slug, columns, o, this.report.organisations);
    }
  }

  private writeProgrammes(): void {
    for (const p of this.input.programmes) {
      const owner = `programme ${p.ref}`;
      const sids = this.sources(p.sourceUrls, owner);
      const columns = {
        name_original: p.nameOriginal,
        name_nb: p.nameNb,
        name_en: p.nameEn,
        country_code: this.code('country', p.country, owner),
        level: this.code('programme-level', p.level, owner),
        period_start: p.periodStart,
        period_end: p.periodEnd,
        responsible_nb: JSON.stringify(p.responsible.nb),
        responsible_en: JSON.stringify(p.responsible.en),
        goals_nb: nb(p.goals),
        goals_en: en(p.goals),
        budget_nb: nb(p.budget),
        budget_en: en(p.budget),
        structure_nb: nb(p.structure),
        structure_en: en(p.structure),
        population_nb: nb(p.population),
        population_en: en(p.population),
        evaluations_nb: JSON.stringify(p.evaluations.nb),
        evaluations_en: JSON.stringify(p.evaluations.en),
        key_findings_nb: nb(p.keyFindings),
        key_findings_en: en(p.keyFindings),
        note_nb: nb(p.note),
        note_en: en(p.note),
        ...this.quality(p, owner),
      };
      const orgs = this.orgRoles(p.organisations, true, owner);
      const budget = this.fundingRows(p.budgetLines, owner);
      const res = this.writeRecord('programme', 'programmes', p.ref, p.slug, columns, p, this.report.programmes);
      if (!res.written) continue;
      this.sourceLinks('programme_sources', 'programme_id', res.id, sids);
      this.replaceRows('programme_organisations', 'programme_id', res.id, orgs);
      this.replaceRows('funding_lines', 'programme_id', res.id, budget);
    }
  }

  private writeAreas(): void {
    for (const a of this.input.areas) {
      const owner = `area ${a.ref}`;
      const sids = this.sources(a.sourceUrls, owner);
      const links = a.programmes.map((l) => ({
        programme_id: this.ref('programme', l.programme, owner),
        period_start: l.periodStart,
        period_end: l.periodEnd,
      }));
      const columns = {
        name: a.name,
        district: a.district,
        municipality: a.municipality,
        country_code: this.code('country', a.country, owner),
        area_type: this.code('area-type', a.areaType, owner),
        population_nb: nb(a.population),
        population_en: en(a.population),
        population_count: a.populationCount?.count ?? null,
        population_year: a.populationCount?.year ?? null,
        population_source_id: this.source(a.populationCount?.sourceUrl, owner),
        description_nb: nb(a.description),
        description_en: en(a.description),
        latitude: a.coordinates?.latitude ?? null,
        longitude: a.coordinates?.longitude ?? null,
        coordinates_note: a.coordinates?.note ?? null,
        coordinates_source_id: this.source(a.coordinates?.sourceUrl, owner),
        ...this.quality(a, owner),
      };
      const res = this.writeRecord('area', 'areas', a.ref, a.slug, columns, a, this.report.areas);
      if (!res.written) continue;
      this.replaceRows('area_programmes', 'area_id', res.id, links);
      this.sourceLinks('area_sources', 'area_id', res.id, sids);
    }
  }

  private writeInitiatives(): void {
    const written: { id: number; related: CatalogueInput['initiatives'][number]['related']; owner: string }[] = [];
    for (const it of this.input.initiatives) {
      const owner = `initiative ${it.ref}`;
      const sids = this.sources(it.sourceUrls, owner);
      const programmes = it.programmes.map((p, position) => ({
        programme_id: this.ref('programme', p.programme, owner),
        role: this.code('programme-role', p.role, owner),
        position,
      }));
      const areas = it.areas.map((ref, position) => ({ area_id: this.ref('area', ref, owner), position }));
      const terms = [
        ...it.measureTypes.map((c) => ({ kind: 'measure', code: this.code('measure', c, owner) })),
        ...it.themes.map((c) => ({ kind: 'theme', code: this.code('theme', c, owner) })),
        ...it.targetGroups.map((c) => ({ kind: 'target', code: this.code('target', c, owner) })),
      ];
      const participation = it.participation.map((p, position) => ({
        method: this.code('participation-method', p.method, owner),
        who_nb: nb(p.who),
        who_en: en(p.who),
        participant_count: p.count,
        stage: this.code('participation-stage', p.stage, owner),
        influence: this.code('influence', p.influence, owner),
        text_nb: nb(p.text),
        text_en: en(p.text),
        source_id: this.source(p.sourceUrl, owner),
        position,
      }));
      const anchoring = it.anchoring.map((a, position) => ({
        kind: this.code('anchoring', a.kind, owner),
        text_nb: nb(a.text),
        text_en: en(a.text),
        source_id: this.source(a.sourceUrl, owner),
        position,
      }));
      const orgs = this.orgRoles(it.organisations, true, owner);
      const funding = this.fundingRows(it.funding, owner);
      const columns = {
        title_nb: it.titleNb,
        title_original: it.titleOriginal,
        original_language: it.originalLanguage,
        title_en: it.titleEn,
        summary_nb: it.summary.nb ?? '',
        summary_en: it.summary.en ?? '',
        location_text: it.locationText,
        country_code: this.code('country', it.country, owner),
        period_start: it.periodStart,
        period_end: it.periodEnd,
        status: this.code('status', it.status, owner),
        target_groups_original: JSON.stringify(it.targetGroupsOriginal.en),
        target_groups_original_nb: JSON.stringify(it.targetGroupsOriginal.nb),
        outcomes_nb: nb(it.outcomes),
        outcomes_en: en(it.outcomes),
        lessons_nb: nb(it.lessons),
        lessons_en: en(it.lessons),
        lessons_source_id: this.source(it.lessonsSourceUrl, owner),
        evidence_level: this.code('evidence', it.evidence.level, owner),
        evidence_note_nb: nb(it.evidence.note),
        evidence_note_en: en(it.evidence.note),
        continuation: this.code('continuation', it.continuation?.code, owner),
        continuation_note_nb: nb(it.continuation?.note),
        continuation_note_en: en(it.continuation?.note),
        continuation_source_id: this.source(it.continuation?.sourceUrl, owner),
        notes_nb: nb(it.notes),
        notes_en: en(it.notes),
        ...this.quality(it, owner),
      };
      const res = this.writeRecord('initiative', 'initiatives', it.ref, it.slug, columns, it, this.report.initiatives);
      if (!res.written) continue;
      this.replaceRows('initiative_programmes', 'initiative_id', res.id, programmes);
      this.replaceRows('initiative_areas', 'initiative_id', res.id, areas);
      this.replaceRows('initiative_terms', 'initiative_id', res.id, terms);
      this.sourceLinks('initiative_sources', 'initiative_id', res.id, sids);
      this.replaceRows('participation_entries', 'initiative_id', res.id, participation);
      this.replaceRows('anchoring_entries', 'initiative_id', res.id, anchoring);
      this.replaceRows('initiative_organisations', 'initiative_id', res.id, orgs);
      this.replaceRows('funding_lines', 'initiative_id', res.id, funding);
      written.push({ id: res.id, related: it.related, owner });
    }
    // Relations may point forward in the list: resolved once every initiative has an id.
    for (const { id, related, owner } of written) {
      this.replaceRows(
        'initiative_relations',
        'initiative_id',
        id,
        related.map((r) => ({ related_id: this.ref('initiative', r.initiative, owner), relation: this.code('relation', r.relation, owner) })),
      );
    }
  }

  private writeEvents(): void {
    for (const e of this.input.events) {
      const owner = `event ${e.ref}`;
      const columns = {
        name_nb: e.name.nb,
        name_en: e.name.en,
        date: e.date,
        date_note_nb: nb(e.dateNote),
        date_note_en: en(e.dateNote),
        place_nb: nb(e.place),
        place_en: en(e.place),
        audience_nb: nb(e.audience),
        audience_en: en(e.audience),
        description_nb: nb(e.description),
        description_en: en(e.description),
        not_found_nb: JSON.stringify(e.notFound.nb),
        not_found_en: JSON.stringify(e.notFound.en),
        source_id: this.source(e.sourceUrl, owner),
        ...this.quality(e, owner),
      };
      const orgs = this.orgRoles(e.organisers, false, owner);
      const res = this.writeRecord('event', 'events', e.ref, e.slug, columns, e, this.report.events);
      if (res.written) this.replaceRows('event_organisations', 'event_id', res.id, orgs);
    }
  }

  private writeResources(): void {
    for (const r of this.input.resources) {
      const owner = `resource ${r.ref}`;
      const columns = {
        kind: this.code('resource-kind', r.kind, owner),
        title_original: r.titleOriginal,
        title_nb: r.titleNb,
        title_en: r.titleEn,
        language: r.language,
        event_id: r.event === null ? null : this.ref('event', r.event, owner),
        date: r.date,
        year: r.year,
        summary_nb: nb(r.summary),
        summary_en: en(r.summary),
        notes_nb: nb(r.notes),
        notes_en: en(r.notes),
        ...this.quality(r, owner),
      };
      const people = r.people.map((p, position) => ({
        position,
        name: p.name,
        role: p.role,
        organisation_id: p.organisation === null ? null : this.ref('organisation', p.organisation, owner),
      }));
      const links = r.links.map((l, position) => ({ position, kind: this.code('link-kind', l.kind, owner), url: l.url }));
      const subjects = {
        programmes: r.subjects.programmes.map((ref) => ({ programme_id: this.ref('programme', ref, owner) })),
        areas: r.subjects.areas.map((ref) => ({ area_id: this.ref('area', ref, owner) })),
        initiatives: r.subjects.initiatives.map((ref) => ({ initiative_id: this.ref('initiative', ref, owner) })),
      };
      const res = this.writeRecord('resource', 'resources', r.ref, r.slug, columns, r, this.report.resources);
      if (!res.written) continue;
      this.replaceRows('resource_people', 'resource_id', res.id, people);
      this.keepLinkChecks(res.id, links);
      this.replaceRows('resource_programmes', 'resource_id', res.id, subjects.programmes);
      this.replaceRows('resource_areas', 'resource_id', res.id, subjects.areas);
      this.replaceRows('resource_initiatives', 'resource_id', res.id, subjects.initiatives);
    }
  }

  /** Rewrites a resource's links, keeping what the link checker found for URLs that stay. */
  private keepLinkChecks(resourceId: number, links: { position: number; kind: string | null; url: string }[]): void {
    const checks = new Map(
      (
        this.sqlite.prepare(`SELECT url, link_status, http_status, last_checked FROM resource_links WHERE resource_id = ?`).all(resourceId) as {
          url: string;
          link_status: string;
          http_status: number | null;
          last_checked: string | null;
        }[]
      ).map((row) => [row.url, row]),
    );
    this.replaceRows(
      'resource_links',
      'resource_id',
      resourceId,
      links.map((l) => {
        const c = checks.get(l.url);
        return { ...l, link_status: c?.link_status ?? 'unchecked', http_status: c?.http_status ?? null, last_checked: c?.last_checked ?? null };
      }),
    );
  }
}
