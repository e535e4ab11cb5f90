// The response of GET /api/v1/initiatives/:id/similar (domain/similar.ts, presenters/similar.ts).
import { Type, type Static } from '@sinclair/typebox';
import { RecordLinkSchema } from './records.ts';

const Codes = Type.Array(Type.String());

export const SimilarItemSchema = Type.Object({
  initiative: RecordLinkSchema,
  country: Type.String(),
  /** What the list is ordered by: weighted shared codes plus 4 × textSimilarity. */
  score: Type.Number(),
  /** Cosine of the English title and summary (0–1). */
  textSimilarity: Type.Number(),
  /** The codes both share, by vocabulary. */
  shared: Type.Object({ measureTypes: Codes, themes: Codes, targetGroups: Codes, participation: Codes, areaTypes: Codes }),
  /** The line saying why, in both languages. */
  why: Type.Object({ nb: Type.String(), en: Type.String() }),
  url: Type.String(),
  permalink: Type.String(),
});

export const SimilarListSchema = Type.Object({
  initiative: Type.Object({ ref: Type.String(), slug: Type.String(), url: Type.String(), permalink: Type.String() }),
  total: Type.Integer(),
  items: Type.Array(SimilarItemSchema),
});
export type SimilarList = Static<typeof SimilarListSchema>;
