// TypeBox schemas of the JSON API's answers (GET /api/v1/initiatives; one record's schema is in records.ts), the
// search answer's facets derived from the facet registry. Fastify serialises with them;
// records and hits allow more properties, so a field added to the catalogue is not lost.
import { Type, type TObject } from '@sinclair/typebox';
import { FACETS, type FacetRegistry } from '../search/facets.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const FacetValueSchema = Type.Object({
  value: Type.String(),
  label: Type.String(),
  count: Type.Integer(),
  selected: Type.Boolean(),
});

export const ApiHitSchema = Type.Object(
  {
    slug: Type.String(),
    title: Type.String(),
    titleEn: Type.String(),
    summary: Type.String(),
    country: Type.String(),
    programme: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
    area: Type.Unknown(),
    areas: Type.Array(Type.Unknown()),
    measureTypes: Type.Array(Type.String()),
    themes: Type.Array(Type.String()),
    targetGroups: Type.Array(Type.String()),
    periodStart: Nullable(Type.Integer()),
    periodEnd: Nullable(Type.Integer()),
    url: Type.String(),
    highlight: Type.Object({ title: Type.String(), summary: Type.String(), outcomes: Type.Optional(Type.String()) }),
  },
  { additionalProperties: true },
);

/** The search answer: one list of values per registry facet. */
export function apiSearchResultSchema(facets: FacetRegistry = FACETS): TObject {
  return Type.Object({
    total: Type.Integer(),
    page: Type.Integer(),
    perPage: Type.Integer(),
    engine: Type.String(),
    degraded: Type.Optional(Type.String()),
    /** Present (true) when the engine stopped before it had looked at everything. */
    incomplete: Type.Optional(Type.Literal(true)),
    /** Only when nothing was found: a respelling of the words and the search without its most restrictive filter. */
    zeroHits: Type.Optional(
      Type.Object({
        suggestion: Nullable(Type.Object({ q: Type.String(), total: Type.Integer(), url: Type.String() })),
        relax: Nullable(Type.Object({ filter: Type.String(), total: Type.Integer(), url: Type.String() })),
      }),
    ),
    hits: Type.Array(ApiHitSchema),
    facets: Type.Object(Object.fromEntries(facets.names.map((name) => [name, Type.Array(FacetValueSchema)]))),
  });
}

