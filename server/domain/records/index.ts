// The read side, one module per record kind (plain functions of the SQLite handle; not
// found is null), and one table of them for what routes do alike for every kind:
// look a record up by slug or by stable ref, follow an old slug, list.
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../../db/schema.ts';
import { getInitiativeByRef, getInitiativeBySlug } from './initiatives.ts';
import { getProgrammeByRef, getProgrammeBySlug, listProgrammes } from './programmes.ts';
import { getAreaByRef, getAreaBySlug, listAreas } from './areas.ts';
import { getOrganisationByRef, getOrganisationBySlug, listOrganisations } from './organisations.ts';
import { getEventByRef, getEventBySlug, listEvents } from './events.ts';
import { getResourceByRef, getResourceBySlug, listResources } from './resources.ts';
import { listInitiatives } from './initiatives.ts';

export * from './initiatives.ts';
export * from './programmes.ts';
export * from './areas.ts';
export * from './organisations.ts';
export * from './events.ts';
export * from './resources.ts';
export { currentSlugOf, slugOfRef } from './shared.ts';

export interface RecordReader<T = unknown, S = unknown> {
  bySlug(sqlite: Database.Database, slug: string): T | null;
  byRef(sqlite: Database.Database, ref: string): T | null;
  list(sqlite: Database.Database): S[];
}

export const RECORD_READERS: Record<RecordKind, RecordReader> = {
  initiative: { bySlug: getInitiativeBySlug, byRef: getInitiativeByRef, list: listInitiatives },
  programme: { bySlug: getProgrammeBySlug, byRef: getProgrammeByRef, list: listProgrammes },
  area: { bySlug: getAreaBySlug, byRef: getAreaByRef, list: listAreas },
  organisation: { bySlug: getOrganisationBySlug, byRef: getOrganisationByRef, list: listOrganisations },
  event: { bySlug: getEventBySlug, byRef: getEventByRef, list: listEvents },
  resource: { bySlug: getResourceBySlug, byRef: getResourceByRef, list: (sqlite) => listResources(sqlite) },
};
