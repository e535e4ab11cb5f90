// The catalogue's tables. drizzle-kit generates migrations/ from this file; the FTS5
// table and its triggers live in a custom SQL migration (drizzle has no FTS5 types).
import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  real,
  text,
  check,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** What the link checker last saw at a URL. */
const linkCheck = {
  /** unchecked | ok | redirected | broken | unreachable (`npm run check-links`). */
  linkStatus: text('link_status').notNull().default('unchecked'),
  httpStatus: integer('http_status'),
  lastChecked: text('last_checked'),
  /** Where a redirect ended. */
  finalUrl: text('final_url'),
};

/** Quality marks every record carries (vocabulary `confidence`). */
const quality = {
  confidence: text('confidence').notNull(),
  confidenceNoteNb: text('confidence_note_nb'),
  confidenceNoteEn: text('confidence_note_en'),
  /** The date (YYYY-MM-DD) an editor last checked the record against its sources. */
  lastVerified: text('last_verified'),
  /** The language the record's texts were written in; the other language is a translation. */
  textLanguage: text('text_language').notNull().default('en'),
};

/** Editorial state of a record: only `published` records reach pages, the API and search. */
export const RECORD_STATES = ['draft', 'review', 'published', 'withdrawn'] as const;
export type RecordState = (typeof RECORD_STATES)[number];
const editorial = {
  state: text('state', { enum: RECORD_STATES }).notNull().default('published'),
};

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

/**
 * Every controlled vocabulary of the knowledge model, one row per term: code, nb and en
 * labels and a one-line definition in both languages (shown as help where the list is
 * offered). The kinds are listed in TERM_KINDS.
 */
export const TERM_KINDS = [
  'measure',
  'theme',
  'target',
  'participation-method',
  'participation-stage',
  'influence',
  'anchoring',
  'continuation',
  'evidence',
  'status',
  'confidence',
  'source-kind',
  'organisation-kind',
  'organisation-role',
  'programme-role',
  'programme-level',
  'area-type',
  'resource-kind',
  'link-kind',
  'currency',
  'relation',
] as const;
export type TermKind = (typeof TERM_KINDS)[number];

export const terms = sqliteTable(
  'terms',
  {
    kind: text('kind', { enum: TERM_KINDS }).notNull(),
    code: text('code').notNull(),
    labelNb: text('label_nb').notNull(),
    labelEn: text('label_en').notNull(),
    definitionNb: text('definition_nb').notNull().default(''),
    definitionEn: text('definition_en').notNull().default(''),
    /** The matching type in an outside vocabulary (Participedia's method types, IAP2 …), if any. */
    externalRef: text('external_ref'),
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
  /** The source's own description of itself (web page, report copy, news …), free text. */
  type: text('type'),
  language: text('language'),
  /** Vocabulary `source-kind`: publisher (own page), copy, news, talk. */
  kind: text('kind').notNull().default('publisher'),
  /** For a copy: who published the original. */
  originalPublisher: text('original_publisher'),
  ...linkCheck,
});

export const programmes = sqliteTable(
  'programmes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stable identifier (NO-GDS-2007 …): permalinks and citations use it. */
    ref: text('ref').notNull().unique(),
    slug: text('slug').notNull().unique(),
    nameOriginal: text('name_original').notNull(),
    nameNb: text('name_nb'),
    nameEn: text('name_en').notNull(),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    /** Vocabulary `programme-level`. */
    level: text('level'),
    periodStart: integer('period_start'),
    periodEnd: integer('period_end'),
    responsibleNb: text('responsible_nb', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    responsibleEn: text('responsible_en', { mode: 'json' }).$type<string[]>().notNull(),
    goalsNb: text('goals_nb'),
    goalsEn: text('goals_en'),
    budgetNb: text('budget_nb'),
    budgetEn: text('budget_en'),
    structureNb: text('structure_nb'),
    structureEn: text('structure_en'),
    populationNb: text('population_nb'),
    populationEn: text('population_en'),
    evaluationsNb: text('evaluations_nb', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    evaluationsEn: text('evaluations_en', { mode: 'json' }).$type<string[]>().notNull(),
    keyFindingsNb: text('key_findings_nb'),
    keyFindingsEn: text('key_findings_en'),
    noteNb: text('note_nb'),
    noteEn: text('note_en'),
    ...quality,
    ...editorial,
    /** Hash of the record as last written by the loader: unchanged input is skipped. */
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('programmes_country_idx').on(t.countryCode), index('programmes_ref_nocase').on(sql`${t.ref} COLLATE NOCASE`)],
);

export const areas = sqliteTable(
  'areas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stable identifier (A001 …): permalinks and citations use it. */
    ref: text('ref').notNull().unique(),
    slug: text('slug').notNull().unique(),
    /** The name as used locally (never translated). */
    name: text('name').notNull(),
    district: text('district'),
    municipality: text('municipality'),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    /** Vocabulary `area-type`. */
    areaType: text('area_type'),
    /** The population as the source words it. */
    populationNb: text('population_nb'),
    populationEn: text('population_en'),
    /** The population as one number, where a source gives one. */
    populationCount: integer('population_count'),
    populationYear: integer('population_year'),
    populationSourceId: integer('population_source_id').references(() => sources.id),
    descriptionNb: text('description_nb'),
    descriptionEn: text('description_en'),
    /** WGS84, from a cited source; `coordinatesNote` says where they are approximate. */
    latitude: real('latitude'),
    longitude: real('longitude'),
    coordinatesNote: text('coordinates_note'),
    coordinatesSourceId: integer('coordinates_source_id').references(() => sources.id),
    ...quality,
    ...editorial,
    /** Hash of the record as last written by the loader: unchanged input is skipped. */
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('areas_country_idx').on(t.countryCode), index('areas_ref_nocase').on(sql`${t.ref} COLLATE NOCASE`)],
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
    /** Stable identifier (I001 …, from the compiled fact base): permalinks use it. */
    ref: text('ref').notNull().unique(),
    slug: text('slug').notNull().unique(),
    titleNb: text('title_nb'),
    titleOriginal: text('title_original'),
    originalLanguage: text('original_language'),
    titleEn: text('title_en').notNull(),
    summaryNb: text('summary_nb').notNull().default(''),
    summaryEn: text('summary_en').notNull().default(''),
    /** The place as the source words it, when it is not exactly one catalogued area. */
    locationText: text('location_text'),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    periodStart: integer('period_start'),
    periodEnd: integer('period_end'),
    /** Vocabulary `status`: ongoing, ended, unknown-end. */
    status: text('status').notNull().default('unknown-end'),
    /** The source's own wording of the target groups; the vocabulary codes are in initiative_terms. */
    targetGroupsOriginal: text('target_groups_original', { mode: 'json' })
      .$type<string[]>()
      .notNull(),
    targetGroupsOriginalNb: text('target_groups_original_nb', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    outcomesNb: text('outcomes_nb'),
    outcomesEn: text('outcomes_en'),
    lessonsNb: text('lessons_nb'),
    lessonsEn: text('lessons_en'),
    lessonsSourceId: integer('lessons_source_id').references(() => sources.id),
    /** Vocabulary `evidence`; the note says what the level rests on. */
    evidenceLevel: text('evidence_level').notNull().default('not-stated'),
    evidenceNoteNb: text('evidence_note_nb'),
    evidenceNoteEn: text('evidence_note_en'),
    /** Vocabulary `continuation`: what happened after the effort (null: nothing said). */
    continuation: text('continuation'),
    continuationNoteNb: text('continuation_note_nb'),
    continuationNoteEn: text('continuation_note_en'),
    continuationSourceId: integer('continuation_source_id').references(() => sources.id),
    notesNb: text('notes_nb'),
    notesEn: text('notes_en'),
    ...quality,
    ...editorial,
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('initiatives_country_idx').on(t.countryCode), index('initiatives_ref_nocase').on(sql`${t.ref} COLLATE NOCASE`)],
);

/** The programmes an initiative belongs to or was funded by (vocabulary `programme-role`). */
export const initiativeProgrammes = sqliteTable(
  'initiative_programmes',
  {
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    role: text('role').notNull().default('part-of'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.programmeId, t.role] }),
    index('initiative_programmes_programme_idx').on(t.programmeId),
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
    // With the initiative, it covers the facet table's read of every term's initiatives.
    index('initiative_terms_code_idx').on(t.kind, t.code, t.initiativeId),
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

export const organisations = sqliteTable(
  'organisations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stable identifier (O001 …): permalinks and citations use it. */
    ref: text('ref').notNull().unique(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    /** The short name people use (IMDi). */
    shortName: text('short_name'),
    /** An English name, where the organisation has one. */
    nameEn: text('name_en'),
    /** Vocabulary `organisation-kind`. */
    kind: text('kind').notNull(),
    countryCode: text('country_code').references(() => countries.code),
    website: text('website'),
    descriptionNb: text('description_nb'),
    descriptionEn: text('description_en'),
    sourceId: integer('source_id').references(() => sources.id),
    ...quality,
    ...editorial,
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('organisations_ref_nocase').on(sql`${t.ref} COLLATE NOCASE`)],
);

/** The last check of an organisation's website (its own table: a check is not an edit). */
export const organisationWebsiteChecks = sqliteTable('organisation_website_checks', {
  organisationId: integer('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  /** The website that was checked; a result for another URL is stale. */
  url: text('url').notNull(),
  ...linkCheck,
});

/** Organisations of an initiative with their role (vocabulary `organisation-role`). */
export const initiativeOrganisations = sqliteTable(
  'initiative_organisations',
  {
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    sourceId: integer('source_id').references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.organisationId, t.role] }),
    index('initiative_organisations_org_idx').on(t.organisationId),
  ],
);

/** Organisations of a programme with their role: owner, funder, partner. */
export const programmeOrganisations = sqliteTable(
  'programme_organisations',
  {
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    sourceId: integer('source_id').references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.organisationId, t.role] }),
    index('programme_organisations_org_idx').on(t.organisationId),
  ],
);

/**
 * Money: an initiative's funding lines or a programme's budget lines (exactly one owner).
 * The amount is in whole units of `currency` (vocabulary `currency`), as the source states it.
 */
export const fundingLines = sqliteTable(
  'funding_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    initiativeId: integer('initiative_id').references(() => initiatives.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id').references(() => programmes.id, { onDelete: 'cascade' }),
    amount: real('amount'),
    currency: text('currency'),
    year: integer('year'),
    funderId: integer('funder_id').references(() => organisations.id, { onDelete: 'set null' }),
    textNb: text('text_nb'),
    textEn: text('text_en'),
    sourceId: integer('source_id').references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('funding_lines_initiative_idx').on(t.initiativeId),
    index('funding_lines_programme_idx').on(t.programmeId),
    check('funding_lines_one_owner', sql`(${t.initiativeId} IS NULL) <> (${t.programmeId} IS NULL)`),
  ],
);

/** How residents took part: method, who, how many, at which stage, with how much say. */
export const participationEntries = sqliteTable(
  'participation_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    /** Vocabulary `participation-method`. */
    method: text('method').notNull(),
    whoNb: text('who_nb'),
    whoEn: text('who_en'),
    participantCount: integer('participant_count'),
    /** Vocabulary `participation-stage`. */
    stage: text('stage'),
    /** Vocabulary `influence` (IAP2). */
    influence: text('influence'),
    textNb: text('text_nb'),
    textEn: text('text_en'),
    sourceId: integer('source_id').references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('participation_entries_initiative_idx').on(t.initiativeId)],
);

/** How the work was anchored (vocabulary `anchoring`: political, administrative, local, financial). */
export const anchoringEntries = sqliteTable(
  'anchoring_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    textNb: text('text_nb'),
    textEn: text('text_en'),
    sourceId: integer('source_id').references(() => sources.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('anchoring_entries_initiative_idx').on(t.initiativeId)],
);

/** Related initiatives (vocabulary `relation`: part-of, follows, similar). */
export const initiativeRelations = sqliteTable(
  'initiative_relations',
  {
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    relatedId: integer('related_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    relation: text('relation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.relatedId, t.relation] })],
);

export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Stable identifier (E001 …). */
  ref: text('ref').notNull().unique(),
  slug: text('slug').notNull().unique(),
  nameNb: text('name_nb').notNull(),
  nameEn: text('name_en').notNull(),
  /** YYYY, YYYY-MM or YYYY-MM-DD; null when no source gives it (dateNote says so). */
  date: text('date'),
  dateNoteNb: text('date_note_nb'),
  dateNoteEn: text('date_note_en'),
  /** The place as the source states it. */
  placeNb: text('place_nb'),
  placeEn: text('place_en'),
  audienceNb: text('audience_nb'),
  audienceEn: text('audience_en'),
  descriptionNb: text('description_nb'),
  descriptionEn: text('description_en'),
  /** What was looked for and not found (talks, slides, a venue …). */
  notFoundNb: text('not_found_nb', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  notFoundEn: text('not_found_en', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** The official page. */
  sourceId: integer('source_id').references(() => sources.id),
  ...quality,
  ...editorial,
  contentHash: text('content_hash'),
  ...timestamps,
}, (t) => [index('events_ref_nocase').on(sql`${t.ref} COLLATE NOCASE`)]);

export const eventOrganisations = sqliteTable(
  'event_organisations',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.organisationId, t.role] })],
);

/** Talks, presentations, videos, reports, evaluations, articles and plans. */
export const resources = sqliteTable(
  'resources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stable identifier (R001 …). */
    ref: text('ref').notNull().unique(),
    slug: text('slug').notNull().unique(),
    /** Vocabulary `resource-kind`. */
    kind: text('kind').notNull(),
    titleOriginal: text('title_original').notNull(),
    titleNb: text('title_nb'),
    titleEn: text('title_en'),
    /** The language the resource itself is in (nb, sv, da, en). */
    language: text('language'),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
    date: text('date'),
    year: integer('year'),
    summaryNb: text('summary_nb'),
    summaryEn: text('summary_en'),
    notesNb: text('notes_nb'),
    notesEn: text('notes_en'),
    ...quality,
    ...editorial,
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [index('resources_event_idx').on(t.eventId), index('resources_ref_nocase').on(sql`${t.ref} COLLATE NOCASE`)],
);

/** The people of a resource, with their role and organisation at the time. */
export const resourcePeople = sqliteTable(
  'resource_people',
  {
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    role: text('role'),
    organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.position] })],
);

export const resourceLinks = sqliteTable(
  'resource_links',
  {
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Vocabulary `link-kind`: page, video, slides, pdf, transcript. */
    kind: text('kind').notNull(),
    url: text('url').notNull(),
    ...linkCheck,
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.position] })],
);

/** What a resource is about: programmes, areas, initiatives. */
export const resourceProgrammes = sqliteTable(
  'resource_programmes',
  {
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.programmeId] }), index('resource_programmes_idx').on(t.programmeId)],
);

export const resourceAreas = sqliteTable(
  'resource_areas',
  {
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.areaId] }), index('resource_areas_idx').on(t.areaId)],
);

export const resourceInitiatives = sqliteTable(
  'resource_initiatives',
  {
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    initiativeId: integer('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.initiativeId] }), index('resource_initiatives_idx').on(t.initiativeId)],
);

export const RECORD_KINDS = ['initiative', 'area', 'programme', 'organisation', 'event', 'resource'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Slugs a record had before: the old URL redirects to the current one. */
export const slugHistory = sqliteTable(
  'slug_history',
  {
    kind: text('kind', { enum: RECORD_KINDS }).notNull(),
    oldSlug: text('old_slug').notNull(),
    recordId: integer('record_id').notNull(),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [primaryKey({ columns: [t.kind, t.oldSlug] })],
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
  /** Stems and plain spellings of the words above (search/text.ts variantsText), matched below them. */
  variants: text('variants').notNull().default(''),
});

/**
 * The search documents of every other searchable record (areas, programmes,
 * organisations, events, resources), folded like search_documents; record_fts mirrors
 * it by triggers.
 */
export const recordDocuments = sqliteTable(
  'record_documents',
  {
    docId: integer('doc_id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: RECORD_KINDS }).notNull(),
    recordId: integer('record_id').notNull(),
    title: text('title').notNull(),
    names: text('names').notNull(),
    body: text('body').notNull(),
    variants: text('variants').notNull().default(''),
  },
  (t) => [uniqueIndex('record_documents_record_idx').on(t.kind, t.recordId)],
);

/**
 * The change feed: one row per search document that may have changed, written by
 * triggers on every table a document reads, in the transaction that made the change.
 * Every search engine consumes it from its own cursor (search_consumers); rows every
 * consumer has passed are deleted.
 */
export const searchOutbox = sqliteTable('search_outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: RECORD_KINDS }).notNull(),
  recordId: integer('record_id').notNull(),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/** How far each consumer of the change feed has come (the embedded index, Meilisearch). */
export const searchConsumers = sqliteTable('search_consumers', {
  name: text('name').primaryKey(),
  cursor: integer('cursor').notNull().default(0),
  lastError: text('last_error'),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/**
 * Leases: which process may do a job that only one may do at a time (the Meilisearch
 * drainer, a Meilisearch rebuild). A holder renews its row before `expires_at` (epoch ms);
 * a row past it is free for anyone. Taken, renewed and released in immediate transactions
 * (server/search/meili/lease.ts).
 */
export const searchLeases = sqliteTable('search_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/**
 * The embedded engine's facet table as last built (server/search/sqlite/facet-table-store.ts):
 * a restart reads it back instead of building it from every initiative again. One row,
 * used only while its key (catalogue revision, change-feed cursor, year and code) still
 * matches; otherwise the table is built as before and stored anew.
 */
export const searchFacetStore = sqliteTable('search_facet_store', {
  id: integer('id').primaryKey(),
  key: text('key').notNull(),
  header: text('header').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
});

/** Single-row counters; `catalogue` is bumped on every catalogue change. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: integer('value').notNull().default(0),
});

/** Editors and admins. The password is an scrypt hash with its salt and parameters. */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name'),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['editor', 'admin'] }).notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** Signed-in sessions; only a SHA-256 hash of the session id is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: text('expires_at').notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** The login throttle: failed attempts per e-mail and address, and the lockout. */
export const loginFailures = sqliteTable('login_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  firstAt: integer('first_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/** Every editorial change to a record: its input (server/schemas/catalogue.ts) before and after. */
export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    number: integer('number').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** create | edit | state | restore | import */
    action: text('action').notNull(),
    state: text('state').notNull(),
    /** JSON list of the top-level fields that changed. */
    fields: text('fields').notNull(),
    before: text('before'),
    after: text('after').notNull(),
    note: text('note'),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex('revisions_record_idx').on(t.kind, t.ref, t.number)],
);

/** Files uploaded for resources, stored under UPLOAD_DIR by their generated name. */
export const uploads = sqliteTable('uploads', {
  name: text('name').primaryKey(),
  originalName: text('original_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamps.createdAt,
});

/** Suggestions from anyone: a new case or a correction, and what an editor did with it. */
export const suggestions = sqliteTable(
  'suggestions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type', { enum: ['new', 'correction'] }).notNull(),
    targetKind: text('target_kind'),
    targetRef: text('target_ref'),
    text: text('text').notNull(),
    sourceUrl: text('source_url'),
    name: text('name'),
    email: text('email'),
    locale: text('locale').notNull(),
    /** HMAC of the sender's address, for the rate limit only. */
    ipHash: text('ip_hash').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'rejected'] }).notNull().default('open'),
    note: text('note'),
    draftRef: text('draft_ref'),
    handledBy: integer('handled_by').references(() => users.id, { onDelete: 'set null' }),
    handledAt: text('handled_at'),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('suggestions_status_idx').on(t.status, t.createdAt), index('suggestions_ip_idx').on(t.ipHash, t.createdAt)],
);

/** An uploaded file of initiatives between its dry run and its apply. */
export const importBatches = sqliteTable('import_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  filename: text('filename').notNull(),
  /** JSON: the parsed rows (line, input, new sources). */
  rows: text('rows').notNull(),
  appliedAt: text('applied_at'),
  createdAt: timestamps.createdAt,
});

export const schemaTables = {
  countries,
  terms,
  sources,
  programmes,
  areas,
  areaProgrammes,
  initiatives,
  initiativeProgrammes,
  initiativeAreas,
  initiativeTerms,
  initiativeSources,
  programmeSources,
  areaSources,
  organisations,
  organisationWebsiteChecks,
  initiativeOrganisations,
  programmeOrganisations,
  fundingLines,
  participationEntries,
  anchoringEntries,
  initiativeRelations,
  events,
  eventOrganisations,
  resources,
  resourcePeople,
  resourceLinks,
  resourceProgrammes,
  resourceAreas,
  resourceInitiatives,
  slugHistory,
  searchDocuments,
  recordDocuments,
  searchOutbox,
  searchConsumers,
  searchLeases,
  meta,
  users,
  sessions,
  loginFailures,
  revisions,
  uploads,
  suggestions,
  importBatches,
};
