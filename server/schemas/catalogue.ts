// The catalogue as data: the shape of the seed files (seed/data/*.json) and of any import,
// as TypeBox schemas — the one source of both validation and types for what the importer
// accepts. Records refer to each other by stable ref (I001, NO-GDS-2007, A001, O001 …),
// never by slug, so a renamed record keeps its links.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Ref = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' });
const Slug = Type.String({ minLength: 1, maxLength: 120, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });
const Year = Nullable(Type.Integer({ minimum: 1800, maximum: 2200 }));
const Url = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' });
const Code = Type.String({ minLength: 1, maxLength: 60 });

/** A text in both languages; null where a language is missing. */
export const TextSchema = Type.Object({ nb: Nullable(Type.String()), en: Nullable(Type.String()) });
export type Text = Static<typeof TextSchema>;
export const TextListSchema = Type.Object({ nb: Type.Array(Type.String()), en: Type.Array(Type.String()) });
export type TextList = Static<typeof TextListSchema>;

export const TermInputSchema = Type.Object({
  code: Code,
  nb: Type.String({ minLength: 1 }),
  en: Type.String({ minLength: 1 }),
  definitionNb: Type.Optional(Type.String()),
  definitionEn: Type.Optional(Type.String()),
  externalRef: Type.Optional(Nullable(Type.String())),
});
export type TermInput = Static<typeof TermInputSchema>;

/** Countries plus one list per vocabulary kind (see TERM_KINDS in db/schema.ts). */
export const VocabulariesSchema = Type.Object(
  { countries: Type.Array(TermInputSchema) },
  { additionalProperties: Type.Array(TermInputSchema) },
);
export type Vocabularies = { countries: TermInput[] } & Record<string, TermInput[]>;

export const SourceInputSchema = Type.Object({
  url: Url,
  title: Type.String({ minLength: 1 }),
  publisher: Nullable(Type.String()),
  year: Year,
  type: Nullable(Type.String()),
  language: Nullable(Type.String()),
  kind: Type.Optional(Code),
  originalPublisher: Type.Optional(Nullable(Type.String())),
});
export type SourceInput = Static<typeof SourceInputSchema>;

const QualityFields = {
  confidence: Code,
  confidenceNote: Type.Optional(TextSchema),
  lastVerified: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  textLanguage: Type.Optional(Code),
};

export const OrganisationRoleSchema = Type.Object({
  org: Ref,
  role: Code,
  sourceUrl: Type.Optional(Nullable(Url)),
});

export const FundingLineSchema = Type.Object({
  amount: Nullable(Type.Number({ minimum: 0 })),
  currency: Nullable(Code),
  year: Year,
  funder: Nullable(Ref),
  text: TextSchema,
  sourceUrl: Nullable(Url),
});
export type FundingLineInput = Static<typeof FundingLineSchema>;

export const OrganisationInputSchema = Type.Object({
  ref: Ref,
  slug: Slug,
  name: Type.String({ minLength: 1 }),
  shortName: Nullable(Type.String()),
  nameEn: Nullable(Type.String()),
  kind: Code,
  country: Nullable(Code),
  website: Nullable(Url),
  description: TextSchema,
  sourceUrl: Nullable(Url),
  ...QualityFields,
});
export type OrganisationInput = Static<typeof OrganisationInputSchema>;

export const ProgrammeInputSchema = Type.Object({
  ref: Ref,
  slug: Slug,
  nameOriginal: Type.String({ minLength: 1 }),
  nameNb: Nullable(Type.String()),
  nameEn: Type.String({ minLength: 1 }),
  country: Code,
  level: Nullable(Code),
  periodStart: Year,
  periodEnd: Year,
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
  sourceUrls: Type.Array(Url, { minItems: 1 }),
  ...QualityFields,
});
export type ProgrammeInput = Static<typeof ProgrammeInputSchema>;

export const AreaInputSchema = Type.Object({
  ref: Ref,
  slug: Slug,
  name: Type.String({ minLength: 1 }),
  district: Nullable(Type.String()),
  municipality: Nullable(Type.String()),
  country: Code,
  areaType: Nullable(Code),
  population: TextSchema,
  populationCount: Nullable(Type.Object({ count: Type.Integer({ minimum: 0 }), year: Year, sourceUrl: Nullable(Url) })),
  description: TextSchema,
  coordinates: Nullable(
    Type.Object({
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
      note: Nullable(Type.String()),
      sourceUrl: Nullable(Url),
    }),
  ),
  programmes: Type.Array(Type.Object({ programme: Ref, periodStart: Year, periodEnd: Year })),
  sourceUrls: Type.Array(Url, { minItems: 1 }),
  ...QualityFields,
});
export type AreaInput = Static<typeof AreaInputSchema>;

export const ParticipationInputSchema = Type.Object({
  method: Code,
  who: TextSchema,
  count: Nullable(Type.Integer({ minimum: 0 })),
  stage: Nullable(Code),
  influence: Nullable(Code),
  text: TextSchema,
  sourceUrl: Nullable(Url),
});
export type ParticipationInput = Static<typeof ParticipationInputSchema>;

export const AnchoringInputSchema = Type.Object({ kind: Code, text: TextSchema, sourceUrl: Nullable(Url) });

export const InitiativeInputSchema = Type.Object({
  ref: Ref,
  slug: Slug,
  titleNb: Nullable(Type.String()),
  titleOriginal: Nullable(Type.String()),
  originalLanguage: Nullable(Code),
  titleEn: Type.String({ minLength: 1 }),
  summary: TextSchema,
  outcomes: TextSchema,
  lessons: TextSchema,
  lessonsSourceUrl: Type.Optional(Nullable(Url)),
  notes: TextSchema,
  locationText: Nullable(Type.String()),
  areas: Type.Array(Ref),
  programmes: Type.Array(Type.Object({ programme: Ref, role: Code })),
  country: Code,
  periodStart: Year,
  periodEnd: Year,
  status: Code,
  measureTypes: Type.Array(Code),
  themes: Type.Array(Code),
  targetGroups: Type.Array(Code),
  targetGroupsOriginal: TextListSchema,
  participation: Type.Array(ParticipationInputSchema),
  anchoring: Type.Array(AnchoringInputSchema),
  continuation: Nullable(Type.Object({ code: Code, note: TextSchema, sourceUrl: Nullable(Url) })),
  organisations: Type.Array(OrganisationRoleSchema),
  funding: Type.Array(FundingLineSchema),
  evidence: Type.Object({ level: Code, note: TextSchema }),
  related: Type.Array(Type.Object({ initiative: Ref, relation: Code })),
  sourceUrls: Type.Array(Url, { minItems: 1 }),
  ...QualityFields,
});
export type InitiativeInput = Static<typeof InitiativeInputSchema>;

export const EventInputSchema = Type.Object({
  ref: Ref,
  slug: Slug,
  name: Type.Object({ nb: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }),
  date: Nullable(Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' })),
  dateNote: TextSchema,
  place: TextSchema,
  audience: TextSchema,
  description: TextSchema,
  notFound: TextListSchema,
  organisers: Type.Array(OrganisationRoleSchema),
  sourceUrl: Nullable(Url),
  ...QualityFields,
});
export type EventInput = Static<typeof EventInputSchema>;

export const ResourceInputSchema = Type.Object({
  ref: Ref,
  slug: Slug,
  kind: Code,
  titleOriginal: Type.String({ minLength: 1 }),
  titleNb: Nullable(Type.String()),
  titleEn: Nullable(Type.String()),
  language: Nullable(Code),
  event: Nullable(Ref),
  date: Nullable(Type.String()),
  year: Year,
  summary: TextSchema,
  notes: TextSchema,
  people: Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), role: Nullable(Type.String()), organisation: Nullable(Ref) })),
  links: Type.Array(Type.Object({ kind: Code, url: Url })),
  subjects: Type.Object({ programmes: Type.Array(Ref), areas: Type.Array(Ref), initiatives: Type.Array(Ref) }),
  ...QualityFields,
});
export type ResourceInput = Static<typeof ResourceInputSchema>;

export const CatalogueInputSchema = Type.Object({
  vocabularies: VocabulariesSchema,
  sources: Type.Array(SourceInputSchema),
  organisations: Type.Array(OrganisationInputSchema),
  programmes: Type.Array(ProgrammeInputSchema),
  areas: Type.Array(AreaInputSchema),
  initiatives: Type.Array(InitiativeInputSchema),
  events: Type.Array(EventInputSchema),
  resources: Type.Array(ResourceInputSchema),
});
export type CatalogueInput = Static<typeof CatalogueInputSchema>;
