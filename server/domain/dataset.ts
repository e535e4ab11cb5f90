// The dataset as a whole: its licence, the date it last changed, and every record of every
// kind as the JSON API returns it (absolute links), for exports and the /data download.
import type Database from 'better-sqlite3';
import type { TSchema } from '@sinclair/typebox';
import type { RecordKind } from '../../db/schema.ts';
import {
  AreaSchema,
  EventSchema,
  InitiativeSchema,
  OrganisationSchema,
  ProgrammeSchema,
  ResourceSchema,
  SourceSchema,
  type Source,
} from '../schemas/records.ts';
import { RECORD_READERS } from './records/index.ts';
import { all, published } from './records/shared.ts';
import { RECORD_ROUTES } from '../presenters/records.ts';

/** The licence of the catalogue's data (every export and download names it). */
export const DATA_LICENCE = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** Tables whose rows carry updated_at; the newest of them dates the dataset. */
const DATED_TABLES = ['initiatives', 'programmes', 'areas', 'organisations', 'events', 'resources'] as const;

/**
 * When the catalogue last changed: the newest updated_at of any published record (ISO 8601, UTC),
 * or null for an empty catalogue. The importer leaves updated_at alone for unchanged
 * records, so loading the same data twice keeps this date.
 */
export function getDatasetChanged(sqlite: Database.Database): string | null {
  const union = DATED_TABLES.map((t) => `SELECT MAX(r.updated_at) AS changed FROM ${t} r WHERE ${published('r')}`).join(' UNION ALL ');
  const row = sqlite.prepare(`SELECT MAX(changed) AS changed FROM (${union})`).get() as { changed: string | null };
  return row.changed ?? null;
}

/** The date part (YYYY-MM-DD) of the dataset's last change, or of now for an empty one. */
export function datasetDay(changed: string | null, now = new Date()): string {
  return (changed ?? now.toISOString()).slice(0, 10);
}

/** Where a record lives, absolute: its page (Norwegian) and its permalink. */
export function recordLinks(origin: string, kind: RecordKind, record: { slug: string; ref: string }) {
  return {
    url: `${origin}${RECORD_ROUTES[kind].path}/${encodeURIComponent(record.slug)}`,
    permalink: `${origin}${RECORD_ROUTES[kind].permalink}/${encodeURIComponent(record.ref)}`,
  };
}

/** The kinds of the whole-dataset download: every record kind plus the sources they cite. */
export const DATASET_KINDS = ['initiatives', 'programmes', 'areas', 'organisations', 'events', 'resources', 'sources'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

const KIND_OF: Record<Exclude<DatasetKind, 'sources'>, RecordKind> = {
  initiatives: 'initiative',
  programmes: 'programme',
  areas: 'area',
  organisations: 'organisation',
  events: 'event',
  resources: 'resource',
};

/** The TypeBox schema of one item of each kind (the API's record schemas). */
export const DATASET_SCHEMAS: Record<DatasetKind, TSchema> = {
  initiatives: InitiativeSchema,
  programmes: ProgrammeSchema,
  areas: AreaSchema,
  organisations: OrganisationSchema,
  events: EventSchema,
  resources: ResourceSchema,
  sources: SourceSchema,
};

/** The table each kind is stored in (to count them). */
export const DATASET_TABLES: Record<DatasetKind, string> = {
  initiatives: 'initiatives',
  programmes: 'programmes',
  areas: 'areas',
  organisations: 'organisations',
  events: 'events',
  resources: 'resources',
  sources: 'sources',
};

export type DatasetItem = Record<string, unknown> & { url?: string; permalink?: string };

/** Every published record of one kind in full, ordered by ref (sources by URL), with absolute links. */
export function listDatasetItems(sqlite: Database.Database, kind: DatasetKind, origin: string): DatasetItem[] {
  if (kind === 'sources') {
    return all<Source>(
      sqlite,
      `SELECT url, title, publisher, year, type, language, kind, original_publisher AS originalPublisher FROM sources ORDER BY url`,
    ) as unknown as DatasetItem[];
  }
  const recordKind = KIND_OF[kind];
  const reader = RECORD_READERS[recordKind];
  const refs = all<{ ref: string }>(sqlite, `SELECT r.ref FROM ${DATASET_TABLES[kind]} r WHERE ${published('r')} ORDER BY r.ref`);
  return refs.flatMap(({ ref }) => {
    const record = reader.byRef(sqlite, ref) as { slug: string; ref: string } | null;
    return record ? [{ ...record, ...recordLinks(origin, recordKind, record) }] : [];
  });
}

/** The JSON envelope of every export: licence, date, what was asked and the records. */
export interface DataEnvelope<T> {
  licence: { name: string; url: string };
  dataset_changed: string | null;
  query: Record<string, string | string[]> | null;
  count: number;
  items: T[];
}

export function envelope<T>(sqlite: Database.Database, query: DataEnvelope<T>['query'], items: T[]): DataEnvelope<T> {
  return { licence: { ...DATA_LICENCE }, dataset_changed: getDatasetChanged(sqlite), query, count: items.length, items };
}
