// What every record kind's reader shares: prepared statements per connection, texts and
// quality marks from columns, sources, links to other records, and old slugs.
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../../db/schema.ts';
import type { RecordLink, Source, Text } from '../../schemas/records.ts';

export type Row = Record<string, unknown>;

/**
 * Only published records are public. The one condition every public reader puts on a
 * record table (by its alias in the query): drafts, records in review and withdrawn ones
 * are absent from pages, lists, relations, counts, exports, feeds and the API alike.
 * Editorial readers (domain/editorial) see every state and do not use it.
 */
export const published = (alias: string): string => `${alias}.state = 'published'`;

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** `sql` prepared once per connection (preparing costs more than running these). */
export function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(sqlite);
  if (!byText) statements.set(sqlite, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = sqlite.prepare(sql)));
  return stmt;
}

export function all<T = Row>(sqlite: Database.Database, sql: string, ...params: unknown[]): T[] {
  return prepared(sqlite, sql).all(...params) as T[];
}

export function one<T = Row>(sqlite: Database.Database, sql: string, ...params: unknown[]): T | null {
  return (prepared(sqlite, sql).get(...params) as T | undefined) ?? null;
}

/** The `{ nb, en }` text stored in `<base>_nb` and `<base>_en`. */
export function textOf(row: Row, base: string): Text {
  return { nb: (row[`${base}_nb`] as string | null) ?? null, en: (row[`${base}_en`] as string | null) ?? null };
}

export function jsonList(value: unknown): string[] {
  return typeof value === 'string' ? (JSON.parse(value) as string[]) : [];
}

export function qualityOf(row: Row) {
  return {
    confidence: row.confidence as string,
    confidenceNote: textOf(row, 'confidence_note'),
    lastVerified: (row.last_verified as string | null) ?? null,
    textLanguage: row.text_language as string,
  };
}

const SOURCE_COLUMNS = `s.url, s.title, s.publisher, s.year, s.type, s.language, s.kind, s.original_publisher AS originalPublisher,
  s.link_status AS linkStatus, s.last_checked AS lastChecked`;

export function sourceById(sqlite: Database.Database, id: unknown): Source | null {
  if (typeof id !== 'number') return null;
  return one<Source>(sqlite, `SELECT ${SOURCE_COLUMNS} FROM sources s WHERE s.id = ?`, id);
}

/** The sources a record cites, in their order (`table` links `column` to source_id). */
export function sourcesOf(sqlite: Database.Database, table: string, column: string, id: number): Source[] {
  return all<Source>(
    sqlite,
    `SELECT ${SOURCE_COLUMNS} FROM ${table} l JOIN sources s ON s.id = l.source_id WHERE l.${column} = ? ORDER BY l.position`,
    id,
  );
}

/** The language names in a country are written in (an area's or an organisation's own name). */
const langOfCountry = (column: string) =>
  `CASE ${column} WHEN 'NO' THEN 'nb' WHEN 'SE' THEN 'sv' WHEN 'DK' THEN 'da' WHEN 'GB-SCT' THEN 'en' ELSE NULL END`;

/**
 * The columns of a link to a record of `kind` whose table is aliased `a`, named with
 * `prefix` (so one row can carry several links): ref, slug, name and lang in nb and en.
 */
export function linkColumns(kind: RecordKind, a: string, prefix = ''): string {
  const [nameNb, nameEn, langNb, langEn] = {
    initiative: [
      `coalesce(${a}.title_nb, ${a}.title_original, ${a}.title_en)`,
      `${a}.title_en`,
      `CASE WHEN ${a}.title_nb IS NOT NULL THEN 'nb' WHEN ${a}.title_original IS NOT NULL THEN ${a}.original_language ELSE 'en' END`,
      `'en'`,
    ],
    area: [`${a}.name`, `${a}.name`, langOfCountry(`${a}.country_code`), langOfCountry(`${a}.country_code`)],
    programme: [
      `coalesce(${a}.name_nb, ${a}.name_original)`,
      `${a}.name_en`,
      `CASE WHEN ${a}.name_nb IS NOT NULL THEN 'nb' ELSE ${langOfCountry(`${a}.country_code`)} END`,
      `'en'`,
    ],
    organisation: [
      `${a}.name`,
      `coalesce(${a}.name_en, ${a}.name)`,
      langOfCountry(`${a}.country_code`),
      `CASE WHEN ${a}.name_en IS NOT NULL THEN 'en' ELSE ${langOfCountry(`${a}.country_code`)} END`,
    ],
    event: [`${a}.name_nb`, `${a}.name_en`, `'nb'`, `'en'`],
    resource: [
      `coalesce(${a}.title_nb, ${a}.title_original)`,
      `coalesce(${a}.title_en, ${a}.title_original)`,
      `CASE WHEN ${a}.title_nb IS NOT NULL THEN 'nb' ELSE ${a}.language END`,
      `CASE WHEN ${a}.title_en IS NOT NULL THEN 'en' ELSE ${a}.language END`,
    ],
  }[kind];
  return [
    `${a}.ref AS ${prefix}ref`,
    `${a}.slug AS ${prefix}slug`,
    `${nameNb} AS ${prefix}name_nb`,
    `${nameEn} AS ${prefix}name_en`,
    `${langNb} AS ${prefix}lang_nb`,
    `${langEn} AS ${prefix}lang_en`,
  ].join(', ');
}

/** The link read from columns written by linkColumns (null when the join found nothing). */
export function linkOf(row: Row, prefix = ''): RecordLink | null {
  if (row[`${prefix}ref`] == null) return null;
  return {
    ref: row[`${prefix}ref`] as string,
    slug: row[`${prefix}slug`] as string,
    name: { nb: row[`${prefix}name_nb`] as string, en: row[`${prefix}name_en`] as string },
    lang: { nb: (row[`${prefix}lang_nb`] as string | null) ?? null, en: (row[`${prefix}lang_en`] as string | null) ?? null },
  };
}

export const TABLE_OF: Record<RecordKind, string> = {
  initiative: 'initiatives',
  area: 'areas',
  programme: 'programmes',
  organisation: 'organisations',
  event: 'events',
  resource: 'resources',
};

/** The id of the published record with this ref (letters in any case), or null. */
export function idByRef(sqlite: Database.Database, kind: RecordKind, ref: string): number | null {
  return one<{ id: number }>(sqlite, `SELECT r.id FROM ${TABLE_OF[kind]} r WHERE r.ref = ? COLLATE NOCASE AND ${published('r')}`, ref)?.id ?? null;
}

/** The current slug of a record that had `oldSlug` before (slug_history), or null. */
export function currentSlugOf(sqlite: Database.Database, kind: RecordKind, oldSlug: string): string | null {
  return (
    one<{ slug: string }>(
      sqlite,
      `SELECT r.slug FROM slug_history h JOIN ${TABLE_OF[kind]} r ON r.id = h.record_id AND ${published('r')} WHERE h.kind = ? AND h.old_slug = ?`,
      kind,
      oldSlug,
    )?.slug ?? null
  );
}

/** The current slug of the published record with this ref (letters in any case), or null. */
export function slugOfRef(sqlite: Database.Database, kind: RecordKind, ref: string): string | null {
  return one<{ slug: string }>(sqlite, `SELECT r.slug FROM ${TABLE_OF[kind]} r WHERE r.ref = ? COLLATE NOCASE AND ${published('r')}`, ref)?.slug ?? null;
}

/** The id of the published record with this slug, or null. */
export function idBySlug(sqlite: Database.Database, kind: RecordKind, slug: string): number | null {
  return one<{ id: number }>(sqlite, `SELECT r.id FROM ${TABLE_OF[kind]} r WHERE r.slug = ? AND ${published('r')}`, slug)?.id ?? null;
}
