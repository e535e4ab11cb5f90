// The records as the read side returns them: one TypeBox schema per shape, the one source
// of both the domain's return types (Static<>) and the JSON API's response schemas.
// A record's shape follows its import shape (server/schemas/catalogue.ts): texts are
// { nb, en }, vocabulary fields are codes (labels are the presenter's job), and every ref
// to another record is expanded into a link { ref, slug, name, lang }.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TextListSchema, TextSchema } from './catalogue.ts';

export { TextSchema, TextListSchema };
export type { Text, TextList } from './catalogue.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Year = Nullable(Type.Integer());
const Code = Type.String();

/** Another record, enough to name and link it: the name in both languages and the language each is in (null: unknown). */
export const RecordLinkSchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  name: Type.Object({ nb: Type.String(), en: Type.String() }),
  lang: Type.Object({ nb: Nullable(Type.String()), en: Nullable(Type.String()) }),
});
export type RecordLink = Static<typeof RecordLinkSchema>;

const linkWith = <P extends Record<string, TSchema>>(properties: P) => Type.Composite([RecordLinkSchema, Type.Object(properties)]);

export const SourceSchema = Type.Object({
  url: Type.String(),
  title: Type.String(),
  publisher: Nullable(Type.String()),
  year: Year,
  type: Nullable(Type.String()),
  language: Nullable(Type.String()),
  /** Vocabulary `source-kind`: publisher, copy, news, talk. */
  kind: Code,
  /** For a copy: who published the original. */
  originalPublisher: Nullable(Type.String()),
  /** What `npm run check-links` last saw: unchecked, ok, redirected, broken, unreachable. */
  linkStatus: Type.String(),
  /** YYYY-MM-DD of the last link check, null before the first. */
  lastChecked: Nullable(Type.String()),
});
export type Source = Static<typeof SourceSchema>;

/** Confidence, its note, when the record was last checked and the language it was written in. */
const QualityProperties = {
  confidence: Code,
  confidenceNote: TextSchema,
  lastVerified: Nullable(Type.String()),
  textLanguage: Type.String(),
};

/** An organisation named by a record, with its role there (vocabulary `organisation-role`). */
export const OrganisationRoleSchema = linkWith({ role: Code, source: Nullable(SourceSchema) });
export type OrganisationRole = Static<typeof OrganisationRoleSchema>;

/** Money an initiative got or a programme had: amount in whole units of `currency`. */
export const FundingLineSchema = Type.Object({
  amount: Nullable(Type.Number()),
  currency: Nullable(Code),
  year: Year,
  funder: Nullable(RecordLinkSchema),
  text: TextSchema,
  source: Nullable(SourceSchema),
});
export type FundingLine = Static<typeof FundingLineSchema>;

// ---- initiatives ----------------------------------------------------------------------

/** The row a search hit or a list of initiatives shows (also the API's search hit source). */
export const InitiativeSummarySchema = Type.Object({
  id: Type.Integer(),
  ref: Type.String(),
  slug: Type.String(),
  titleNb: Nullable(Type.String()),
  titleOriginal: Nullable(Type.String()),
  originalLanguage: Nullable(Type.String()),
  titleEn: Type.String(),
  summaryNb: Type.String(),
  summaryEn: Type.String(),
  /** The outcomes in English (search snippets). */
  outcomes: Nullable(Type.String()),
  country: Type.String(),
  /** The first programme it is part of (else funded by). */
  programme: Nullable(Type.Object({ slug: Type.String(), nameOriginal: Type.String(), nameEn: Type.String() })),
  areas: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
  locationText: Nullable(Type.String()),
  periodStart: Year,
  periodEnd: Year,
  status: Code,
  measureTypes: Type.Array(Code),
  themes: Type.Array(Code),
  targetGroups: Type.Array(Code),
});
export type InitiativeSummary = Static<typeof InitiativeSummarySchema>;

export const ParticipationEntrySchema = Type.Object({
  method: Code,
  who: TextSchema,
  count: Nullable(Type.Integer()),
  stage: Nullable(Code),
  influence: Nullable(Code),
  text: TextSchema,
  source: Nullable(SourceSchema),
});
export type ParticipationEntry = Static<typeof ParticipationEntrySchema>;

export const AnchoringEntrySchema = Type.Object({ kind: Code, text: TextSchema, source: Nullable(SourceSchema) });

/** A talk, report … in a list: what it is, who spoke or wrote, when, at which event. */
export const ResourceSummarySchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  kind: Code,
  titleOriginal: Type.String(),
  titleNb: Nullable(Type.String()),
  titleEn: Nullable(Type.String()),
  language: Nullable(Type.String()),
  date: Nullable(Type.String()),
  year: Year,
  event: Nullable(RecordLinkSchema),
  people: Type.Array(Type.String()),
});
export type ResourceSummary = Static<typeof ResourceSummarySchema>;

export const InitiativeSchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  titleNb: Nullable(Type.String()),
  titleOriginal: Nullable(Type.String()),
  originalLanguage: Nullable(Type.String()),
  titleEn: Type.String(),
  summary: TextSchema,
  outcomes: TextSchema,
  lessons: TextSchema,
  lessonsSource: Nullable(SourceSchema),
  notes: TextSchema,
  country: Code,
  locationText: Nullable(Type.String()),
  areas: Type.Array(linkWith({ areaType: Nullable(Code) })),
  programmes: Type.Array(linkWith({ role: Code })),
  periodStart: Year,
  periodEnd: Year,
  /** Vocabulary `status`: ongoing, ended, unknown-end. */
  status: Code,
  measureTypes: Type.Array(Code),
  themes: Type.Array(Code),
  targetGroups: Type.Array(Code),
  targetGroupsOriginal: TextListSchema,
  participation: Type.Array(ParticipationEntrySchema),
  anchoring: Type.Array(AnchoringEntrySchema),
  continuation: Nullable(Type.Object({ code: Code, note: TextSchema, source: Nullable(SourceSchema) })),
  organisations: Type.Array(OrganisationRoleSchema),
  funding: Type.Array(FundingLineSchema),
  evidence: Type.Object({ level: Code, note: TextSchema }),
  related: Type.Array(linkWith({ relation: Code })),
  resources: Type.Array(ResourceSummarySchema),
  sources: Type.Array(SourceSchema),
  ...QualityProperties,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Initiative = Static<typeof InitiativeSchema>;

// ---- programmes -----------------------------------------------------------------------

export const ProgrammeSummarySchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  nameOriginal: Type.String(),
  nameNb: Nullable(Type.String()),
  nameEn: Type.String(),
  country: Code,
  level: Nullable(Code),
  periodStart: Year,
  periodEnd: Year,
  initiativeCount: Type.Integer(),
  areaCount: Type.Integer(),
});
export type ProgrammeSummary = Static<typeof ProgrammeSummarySchema>;

export const ProgrammeSchema = Type.Composite([
  ProgrammeSummarySchema,
  Type.Object({
    responsible: TextListSchema,
    goals: TextSchema,
    budget: TextSchema,
    structure: TextSchema,
    population: TextSchema,
    evaluations: TextListSchema,
    keyFindings: TextSchema,
    note: TextSchema,
    organisations: Type.Array(OrganisationRoleSchema),
    budgetLines: Type.Array(FundingLineSchema),
    areas: Type.Array(linkWith({ periodStart: Year, periodEnd: Year })),
    initiatives: Type.Array(InitiativeSummarySchema),
    resources: Type.Array(ResourceSummarySchema),
    sources: Type.Array(SourceSchema),
    ...QualityProperties,
  }),
]);
export type Programme = Static<typeof ProgrammeSchema>;

// ---- areas ----------------------------------------------------------------------------

export const AreaSummarySchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  district: Nullable(Type.String()),
  municipality: Nullable(Type.String()),
  country: Code,
  areaType: Nullable(Code),
  initiativeCount: Type.Integer(),
});
export type AreaSummary = Static<typeof AreaSummarySchema>;

export const AreaSchema = Type.Composite([
  AreaSummarySchema,
  Type.Object({
    population: TextSchema,
    populationCount: Nullable(Type.Object({ count: Type.Integer(), year: Year, source: Nullable(SourceSchema) })),
    description: TextSchema,
    coordinates: Nullable(
      Type.Object({ latitude: Type.Number(), longitude: Type.Number(), note: Nullable(Type.String()), source: Nullable(SourceSchema) }),
    ),
    programmes: Type.Array(linkWith({ periodStart: Year, periodEnd: Year })),
    initiatives: Type.Array(InitiativeSummarySchema),
    resources: Type.Array(ResourceSummarySchema),
    sources: Type.Array(SourceSchema),
    ...QualityProperties,
  }),
]);
export type Area = Static<typeof AreaSchema>;

// ---- organisations --------------------------------------------------------------------

export const OrganisationSummarySchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  nameEn: Nullable(Type.String()),
  kind: Code,
  country: Nullable(Code),
});
export type OrganisationSummary = Static<typeof OrganisationSummarySchema>;

export const OrganisationSchema = Type.Composite([
  OrganisationSummarySchema,
  Type.Object({
    website: Nullable(Type.String()),
    /** What `npm run check-links` last saw at this website (null when it was never checked). */
    websiteCheck: Nullable(Type.Object({ linkStatus: Type.String(), lastChecked: Nullable(Type.String()) })),
    description: TextSchema,
    source: Nullable(SourceSchema),
    /** Its roles: in initiatives, programmes and events. */
    initiatives: Type.Array(linkWith({ role: Code })),
    programmes: Type.Array(linkWith({ role: Code })),
    events: Type.Array(linkWith({ role: Code })),
    /** Talks and reports by people of this organisation. */
    resources: Type.Array(ResourceSummarySchema),
    ...QualityProperties,
  }),
]);
export type Organisation = Static<typeof OrganisationSchema>;

// ---- events ---------------------------------------------------------------------------

export const EventSummarySchema = Type.Object({
  ref: Type.String(),
  slug: Type.String(),
  name: Type.Object({ nb: Type.String(), en: Type.String() }),
  /** YYYY, YYYY-MM or YYYY-MM-DD; null when no source gives it (dateNote says so). */
  date: Nullable(Type.String()),
  place: TextSchema,
  resourceCount: Type.Integer(),
});
export type EventSummary = Static<typeof EventSummarySchema>;

export const EventSchema = Type.Composite([
  EventSummarySchema,
  Type.Object({
    dateNote: TextSchema,
    audience: TextSchema,
    description: TextSchema,
    notFound: TextListSchema,
    organisers: Type.Array(OrganisationRoleSchema),
    source: Nullable(SourceSchema),
    resources: Type.Array(ResourceSummarySchema),
    ...QualityProperties,
  }),
]);
export type Event = Static<typeof EventSchema>;

// ---- resources ------------------------------------------------------------------------

export const ResourceSchema = Type.Composite([
  Type.Omit(ResourceSummarySchema, ['people']),
  Type.Object({
    summary: TextSchema,
    notes: TextSchema,
    people: Type.Array(Type.Object({ name: Type.String(), role: Nullable(Type.String()), organisation: Nullable(RecordLinkSchema) })),
    links: Type.Array(
      Type.Object({ kind: Code, url: Type.String(), linkStatus: Type.String(), lastChecked: Nullable(Type.String()) }),
    ),
    subjects: Type.Object({
      programmes: Type.Array(RecordLinkSchema),
      areas: Type.Array(RecordLinkSchema),
      initiatives: Type.Array(RecordLinkSchema),
    }),
    ...QualityProperties,
  }),
]);
export type Resource = Static<typeof ResourceSchema>;

/** The filters of the resource list (validated values: codes and slugs that exist). */
export interface ResourceFilters {
  q?: string;
  kind?: string;
  country?: string;
  programme?: string;
  area?: string;
  year?: number;
  organisation?: string;
}
