// The whole-dataset download's files: each kind as JSON (the envelope) and as CSV (columns
// derived from the kind's TypeBox schema), and a README with the licence, the date, the
// counts and the field definitions generated from the same schemas and the vocabularies.
import type Database from 'better-sqlite3';
import type { TSchema } from '@sinclair/typebox';
import { csvLine, initiativesCsv, LIST_SEPARATOR } from './export.ts';
import {
  DATA_LICENCE,
  DATASET_KINDS,
  DATASET_SCHEMAS,
  DATASET_TABLES,
  envelope,
  getDatasetChanged,
  listDatasetItems,
  type DatasetItem,
  type DatasetKind,
} from './dataset.ts';
import { all, published } from './records/shared.ts';
import { getInitiativeByRef } from './records/initiatives.ts';

type Schema = TSchema & { properties?: Record<string, TSchema>; anyOf?: TSchema[]; items?: TSchema; type?: string };

/** The object properties of a schema (Type.Object or Type.Composite). */
function propertiesOf(schema: TSchema): Record<string, Schema> {
  return ((schema as Schema).properties ?? {}) as Record<string, Schema>;
}

/** A `{ nb, en }` text or text list: split into two columns. */
function isBilingual(schema: Schema): boolean {
  const keys = Object.keys(schema.properties ?? {});
  return keys.length === 2 && keys.includes('nb') && keys.includes('en');
}

/** CSV columns of a kind: one per property, `_nb`/`_en` for bilingual texts. */
export function csvColumnsOf(schema: TSchema): { column: string; key: string; lang?: 'nb' | 'en' }[] {
  return Object.entries(propertiesOf(schema)).flatMap(([key, prop]) =>
    isBilingual(prop) ? (['nb', 'en'] as const).map((lang) => ({ column: `${key}_${lang}`, key, lang })) : [{ column: key, key }],
  );
}

/** One value as cell text: names for links, "title <url>" for sources, lists joined. */
function cellOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map((v) => String(cellOf(v) ?? '')).filter(Boolean).join(LIST_SEPARATOR);
  const o = value as Record<string, unknown>;
  if (typeof o.title === 'string' && typeof o.url === 'string') return `${o.title} <${o.url}>`;
  if (typeof o.url === 'string') return typeof o.kind === 'string' ? `${o.kind}: ${o.url}` : o.url;
  const name = o.name as { nb?: string; en?: string } | string | undefined;
  if (name !== undefined) {
    const text = typeof name === 'string' ? name : (name.nb ?? name.en ?? '');
    const role = o.role ?? o.relation;
    return typeof role === 'string' ? `${text} (${role})` : text;
  }
  if (typeof o.code === 'string') return o.code;
  // Lists by kind (a resource's subjects): all of them, in one cell.
  const values = Object.values(o);
  if (values.length > 0 && values.every(Array.isArray)) return cellOf(values.flat());
  if (typeof o.latitude === 'number' && typeof o.longitude === 'number') return `${o.latitude}, ${o.longitude}`;
  if (typeof o.count === 'number' && 'year' in o) return o.year ? `${o.count} (${o.year})` : o.count;
  // A summary of another record (an area's initiatives …): its slug.
  if (typeof o.slug === 'string') return o.slug;
  if (typeof o.nb === 'string' || typeof o.en === 'string') return (o.nb ?? o.en) as string;
  return JSON.stringify(value);
}

/** Records of one kind as CSV (BOM, header, one row per record). */
export function recordsCsv(schema: TSchema, items: DatasetItem[], withLinks = true): string {
  const columns = csvColumnsOf(schema);
  const links = withLinks ? ['url', 'permalink'] : [];
  let body = '\ufeff' + csvLine([...columns.map((c) => c.column), ...links]);
  for (const item of items) {
    const cells = columns.map(({ key, lang }) => {
      const value = item[key];
      if (lang) return cellOf((value as Record<string, unknown> | null)?.[lang] ?? null);
      return cellOf(value);
    });
    body += csvLine([...cells, ...links.map((l) => item[l] as string)]);
  }
  return body;
}

export interface DatasetFile {
  name: string;
  type: string;
  body: string;
}

/** One kind's JSON (the envelope) or CSV file. */
export function datasetFile(sqlite: Database.Database, kind: DatasetKind, format: 'json' | 'csv', origin: string): DatasetFile {
  const items = listDatasetItems(sqlite, kind, origin);
  if (format === 'json') {
    return { name: `${kind}.json`, type: 'application/json; charset=utf-8', body: JSON.stringify(envelope(sqlite, null, items)) };
  }
  let body: string;
  if (kind === 'initiatives') {
    // The same columns as a search export.
    const ids = all<{ id: number; ref: string }>(sqlite, `SELECT i.id, i.ref FROM initiatives i WHERE ${published('i')} ORDER BY i.ref`);
    const records = ids.flatMap(({ id, ref }) => {
      const r = getInitiativeByRef(sqlite, ref);
      return r ? [{ ...r, id }] : [];
    });
    body = initiativesCsv(sqlite, records, { origin });
  } else {
    body = recordsCsv(DATASET_SCHEMAS[kind], items, kind !== 'sources');
  }
  return { name: `${kind}.csv`, type: 'text/csv; charset=utf-8; header=present', body };
}

/** How many published records of each kind the database holds (sources: all). */
export function datasetCounts(sqlite: Database.Database): Record<DatasetKind, number> {
  return Object.fromEntries(
    DATASET_KINDS.map((kind) => [
      kind,
      (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${DATASET_TABLES[kind]} r ${kind === 'sources' ? '' : `WHERE ${published('r')}`}`).get() as { n: number }).n,
    ]),
  ) as Record<DatasetKind, number>;
}

/** A schema's type in words: "string", "integer or null", "list of object" … */
export function describeType(schema: Schema): string {
  if (schema.anyOf) return schema.anyOf.map((s) => describeType(s as Schema)).join(' or ');
  if (schema.type === 'array') return `list of ${describeType((schema.items ?? {}) as Schema)}`;
  if (schema.type === 'object') {
    if (isBilingual(schema)) return `text in nb and en (${describeType(propertiesOf(schema).nb)})`;
    const keys = Object.keys(schema.properties ?? {});
    return keys.length ? `object (${keys.join(', ')})` : 'object';
  }
  return schema.type ?? 'any';
}

/** The download's README (Markdown): licence, date, files and counts, fields, vocabularies. */
export function datasetReadme(sqlite: Database.Database, origin: string): string {
  const changed = getDatasetChanged(sqlite);
  const counts = datasetCounts(sqlite);
  const lines: string[] = [
    '# Områdeløft knowledge base: the dataset',
    '',
    `Licence: ${DATA_LICENCE.name} (${DATA_LICENCE.url}). Credit "Kunnskapsbase for områdeløft" and link to ${origin || 'the site'}.`,
    `Last changed: ${changed ?? 'never (empty catalogue)'}`,
    '',
    '## Files',
    '',
    'Each kind as JSON (`{ licence, dataset_changed, query, count, items }`, items as the API returns them) and as CSV',
    '(UTF-8 with a byte-order mark, RFC 4180, lists joined with "; ", texts in two columns `_nb` and `_en`).',
    '',
    '| Kind | Records | JSON | CSV |',
    '| --- | ---: | --- | --- |',
    ...DATASET_KINDS.map((k) => `| ${k} | ${counts[k]} | ${origin}/data/${k}.json | ${origin}/data/${k}.csv |`),
    '',
    '## Fields',
    '',
    'Generated from the schemas the API validates its answers with. Codes refer to the vocabularies below;',
    'references to other records are links `{ ref, slug, name, lang }`.',
  ];
  for (const kind of DATASET_KINDS) {
    lines.push('', `### ${kind}`, '', '| Field | Type |', '| --- | --- |');
    for (const [key, prop] of Object.entries(propertiesOf(DATASET_SCHEMAS[kind]))) lines.push(`| ${key} | ${describeType(prop)} |`);
    if (kind !== 'sources') lines.push('| url | string (the record\'s page) |', '| permalink | string (stable link by ref) |');
  }
  lines.push('', '## Vocabularies', '', '| Vocabulary | Code | Bokmål | English |', '| --- | --- | --- | --- |');
  for (const c of all<{ code: string; name_nb: string; name_en: string }>(sqlite, `SELECT code, name_nb, name_en FROM countries ORDER BY sort_order, code`)) {
    lines.push(`| country | ${c.code} | ${c.name_nb} | ${c.name_en} |`);
  }
  for (const t of all<{ kind: string; code: string; label_nb: string; label_en: string }>(
    sqlite,
    `SELECT kind, code, label_nb, label_en FROM terms ORDER BY kind, sort_order, code`,
  )) {
    lines.push(`| ${t.kind} | ${t.code} | ${t.label_nb.replace(/\|/g, '\\|')} | ${t.label_en.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}
