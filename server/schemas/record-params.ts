// Params and querystrings of the record pages and the records API, as TypeBox schemas
// (Fastify validates with them; schemaErrorFormatter words the 400s).
import { Type, type Static } from '@sinclair/typebox';
import { MAX_QUERY_LENGTH } from '../search/text.ts';

/** A record page's slug. Its form is checked by the route (SLUG_RE): a slug that cannot exist is a 404. */
export const SlugParamsSchema = Type.Object({ slug: Type.String({ maxLength: 200 }) });
export type SlugParams = Static<typeof SlugParamsSchema>;

/** What a stable ref may look like (I001, NO-GDS-2007 …); checked by the route, anything else a 404. */
export const REF_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;
export const RefParamsSchema = Type.Object({ ref: Type.String({ maxLength: 200 }) });
export type RefParams = Static<typeof RefParamsSchema>;

/** The API names a record by slug or ref; anything else is a 400. */
export const SlugOrRefParamsSchema = Type.Object({ slugOrRef: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,159}$' }) });
export type SlugOrRefParams = Static<typeof SlugOrRefParamsSchema>;

const Value = Type.String({ maxLength: 120 });

/**
 * The resource list's filters, as its GET form sends them: an empty value means "any".
 * Whether a kind, country, programme, area or organisation exists is checked against the
 * catalogue, and the year's form, by parseResourceFilters (so every problem is named at once).
 */
export const ResourceQuerystringSchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
    kind: Type.Optional(Value),
    country: Type.Optional(Value),
    programme: Type.Optional(Value),
    area: Type.Optional(Value),
    year: Type.Optional(Type.String({ maxLength: 20 })),
    organisation: Type.Optional(Value),
  },
  { additionalProperties: true },
);
export type ResourceQuerystring = Static<typeof ResourceQuerystringSchema>;
