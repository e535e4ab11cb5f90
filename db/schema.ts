// The catalogue's tables. drizzle-kit generates migrations/ from this file; the FTS5
// table and its triggers live in a custom SQL migration (drizzle has no FTS5 types).
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
} from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};

export const countries = sqliteTable('countries', {
  code: text('code').primaryKey(), // NO, SE, DK, GB-SCT
  nameNb: text('name_nb').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** Controlled vocabularies: measure types, themes and target groups. */
export const terms = sqliteTable(
  'terms',
  {
    kind: text('kind', { enum: ['measure', 'theme', 'target'] }).notNull(),
    code: text('code').notNull(),
    labelNb: text('label_nb').notNull(),
    labelEn: text('label_en').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
);

export const sources = sqliteTable('sources', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull().unique(),
  title: text('title').notNull(),
  publisher: text('publisher'),
  year: integer('year'),
  type: text('type'),
  language: text('language'),
});

export const programmes = sqliteTable(
  'programmes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    nameOriginal: text('name_original').notNull(),
    nameEn: text('name_en').notNull(),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    periodStart: integer('period_start'),
    periodEnd: integer('period_end'),
    responsible: text('responsible', { mode: 'json' }).$type<string[]>().notNull(),
    goals: text('goals'),
    budget: text('budget'),
    structure: text('structure'),
    population: text('population'),
    evaluations: text('evaluations', { mode: 'json' }).$type<string[]>().notNull(),
    keyFindings: text('key_findings'),
    note: text('note'),
    confidence: text('confidence').notNull(),
    /** Hash of the record as last written by the loader: unchanged input is skipped. */
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('programmes_country_idx').on(t.countryCode)],
);

export const areas = sqliteTable(
  'areas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    district: text('district'),
    municipality: text('municipality'),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    population: text('population'),
    notes: text('notes'),
    confidence: text('confidence').notNull(),
    /** Hash of the record as last written by the loader: unchanged input is skipped. */
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('areas_country_idx').on(t.countryCode)],
);

/** Which programmes an area took part in, and when. */
export const areaProgrammes = sqliteTable(
  'area_programmes',
  {
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    periodStart: integer('period_start'),
    periodEnd: integer('period_end'),
  },
  (t) => [primaryKey({ columns: [t.areaId, t.programmeId] })],
);

export const initiatives = sqliteTable(
  'initiatives',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    /** The identifier in the compiled fact base (I001 …), kept for traceability. */
    seedRef: text('seed_ref'),
    titleNb: text('title_nb'),
    titleOriginal: text('title_original'),
    originalLanguage: text('original_language'),
    titleEn: text('title_en').notNull(),
    summaryNb: text('summary_nb').notNull().default(''),
    summaryEn: text('summary_en').notNull().default(''),
    /** The place as the source words it, when it is not exactly one catalogued area. */
    locationText: text('location_text'),
    programmeId: integer('programme_id').references(() => programmes.id),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    periodStart: integer('period_start'),
    periodEnd: integer('period_end'),
    /** The source's own wording of the target groups; the vocabulary codes are in initiative_terms. */
    targetGroupsOriginal: text('target_groups_original', { mode: 'json' })
      .$type<string[]>()
      .notNull(),
    outcomes: text('outcomes'),
    confidence: text('confidence').notNull(),
    notes: text('notes'),
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [
    index('initiatives_programme_idx').on(t.programmeId),
    index('initiatives_country_idx').on(t.countryCode),
  ],
);

export const initiativeAreas = sqliteTable(
  'initiative_areas',
  {
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.areaId] }),
    index('initiative_areas_area_idx').on(t.areaId),
  ],
);

/** Measure types, themes and target groups of an initiative (many of each). */
export const initiativeTerms = sqliteTable(
  'initiative_terms',
  {
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['measure', 'theme', 'target'] }).notNull(),
    code: text('code').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.kind, t.code] }),
    index('initiative_terms_code_idx').on(t.kind, t.code),
  ],
);

export const initiativeSources = sqliteTable(
  'initiative_sources',
  {
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.sourceId] })],
);

export const programmeSources = sqliteTable(
  'programme_sources',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.sourceId] })],
);

export const areaSources = sqliteTable(
  'area_sources',
  {
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.areaId, t.sourceId] })],
);

/**
 * One row per initiative holding the folded text that the FTS5 index reads
 * (external content). Written by domain code whenever an initiative or anything it
 * names (area, programme) changes; triggers keep the FTS5 table in step with it.
 */
export const searchDocuments = sqliteTable('search_documents', {
  initiativeId: integer('initiative_id')
    .primaryKey()
    .references(() => initiatives.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  places: text('places').notNull(),
  programme: text('programme').notNull(),
  body: text('body').notNull(),
});

/**
 * Changes waiting to reach an external search engine (Meilisearch). Written in the same
 * transaction as the change itself, drained by the sync worker.
 */
export const searchOutbox = sqliteTable(
  'search_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    initiativeId: integer('initiative_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    availableAt: integer('available_at').notNull().default(0),
  },
  (t) => [index('search_outbox_available_idx').on(t.availableAt)],
);

/** Single-row counters; `catalogue` is bumped on every catalogue change. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: integer('value').notNull().default(0),
});

export const schemaTables = {
  countries,
  terms,
  sources,
  programmes,
  areas,
  areaProgrammes,
  initiatives,
  initiativeAreas,
  initiativeTerms,
  initiativeSources,
  programmeSources,
  areaSources,
  searchDocuments,
  searchOutbox,
  meta,
};
