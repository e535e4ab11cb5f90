// The edit form of each record kind, derived from its TypeBox input schema
// (server/schemas/catalogue.ts) so every field of the model has an input and the form
// cannot drift from what CatalogueWriter accepts. Field names are dotted paths
// (`summary.nb`, `participation.0.method`); `parseForm` turns a posted body back into the
// input shape, `blankRow` makes the extra row of "add row".
import { Type, Kind, OptionalKind, type TSchema, type TObject } from '@sinclair/typebox';
import type { RecordKind } from '../../../db/schema.ts';
import type { VocabularyKind } from '../labels.ts';

export type ChoiceSource = { vocab: VocabularyKind } | { ref: RecordKind };

export type FieldNode =
  | { type: 'text' | 'date'; name: string; path: string; required: boolean; nullable: boolean; optional: boolean }
  | { type: 'int' | 'number'; name: string; path: string; nullable: boolean; optional: boolean }
  | { type: 'choice'; name: string; path: string; nullable: boolean; optional: boolean; source: ChoiceSource }
  | { type: 'multi'; name: string; path: string; source: ChoiceSource }
  | { type: 'urls'; name: string; path: string }
  | { type: 'bilingual'; name: string; path: string; required: boolean; optional: boolean }
  | { type: 'bilingualList'; name: string; path: string }
  | { type: 'group'; name: string; path: string; nullable: boolean; optional: boolean; children: FieldNode[] }
  | { type: 'rows'; name: string; path: string; children: FieldNode[] };

const vocab = (v: VocabularyKind): ChoiceSource => ({ vocab: v });
const ref = (r: RecordKind): ChoiceSource => ({ ref: r });

/** Which vocabulary or record kind a code or ref field takes its values from, by path (`*` for a row). */
const CHOICES: Record<string, ChoiceSource> = {
  country: vocab('country'),
  status: vocab('status'),
  confidence: vocab('confidence'),
  measureTypes: vocab('measure'),
  themes: vocab('theme'),
  targetGroups: vocab('target'),
  'participation.*.method': vocab('participation-method'),
  'participation.*.stage': vocab('participation-stage'),
  'participation.*.influence': vocab('influence'),
  'anchoring.*.kind': vocab('anchoring'),
  'continuation.code': vocab('continuation'),
  'evidence.level': vocab('evidence'),
  'organisations.*.org': ref('organisation'),
  'organisations.*.role': vocab('organisation-role'),
  'organisers.*.org': ref('organisation'),
  'organisers.*.role': vocab('organisation-role'),
  'funding.*.funder': ref('organisation'),
  'funding.*.currency': vocab('currency'),
  'budgetLines.*.funder': ref('organisation'),
  'budgetLines.*.currency': vocab('currency'),
  'programmes.*.programme': ref('programme'),
  'initiative:programmes.*.role': vocab('programme-role'),
  'related.*.initiative': ref('initiative'),
  'related.*.relation': vocab('relation'),
  level: vocab('programme-level'),
  areaType: vocab('area-type'),
  'organisation:kind': vocab('organisation-kind'),
  'resource:kind': vocab('resource-kind'),
  'links.*.kind': vocab('link-kind'),
  areas: ref('area'),
  'subjects.programmes': ref('programme'),
  'subjects.areas': ref('area'),
  'subjects.initiatives': ref('initiative'),
  event: ref('event'),
  'people.*.organisation': ref('organisation'),
  'newSources.*.kind': vocab('source-kind'),
};

/** Fields that name a source by URL: the URL must be a known source or one added in the form. */
export const SOURCE_FIELDS = new Set(['sourceUrl', 'sourceUrls', 'lessonsSourceUrl']);

const pattern = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*');

function unwrap(schema: TSchema): { inner: TSchema; nullable: boolean } {
  if (schema[Kind] === 'Union') {
    const parts = (schema.anyOf as TSchema[]).filter((s) => s[Kind] !== 'Null');
    return { inner: parts[0], nullable: parts.length < (schema.anyOf as TSchema[]).length };
  }
  return { inner: schema, nullable: false };
}

function isBilingual(schema: TSchema): boolean {
  return schema[Kind] === 'Object' && Object.keys(schema.properties).sort().join() === 'en,nb';
}

function node(kind: string, name: string, path: string, schema: TSchema): FieldNode {
  const optional = schema[OptionalKind] === 'Optional';
  const { inner, nullable } = unwrap(schema);
  const rowPattern = pattern(path);
  const source = CHOICES[`${kind}:${rowPattern}`] ?? CHOICES[rowPattern];
  if (isBilingual(inner)) {
    const nb = unwrap(inner.properties.nb).inner;
    if (nb[Kind] === 'Array') return { type: 'bilingualList', name, path };
    return { type: 'bilingual', name, path, required: !unwrap(inner.properties.nb).nullable, optional };
  }
  if (inner[Kind] === 'Object') {
    const children = Object.entries(inner.properties as Record<string, TSchema>).map(([k, s]) => node(kind, k, `${path}.${k}`, s));
    return { type: 'group', name, path, nullable, optional, children };
  }
  if (inner[Kind] === 'Array') {
    const items = inner.items as TSchema;
    if (items[Kind] === 'Object') {
      const children = Object.entries(items.properties as Record<string, TSchema>).map(([k, s]) => node(kind, k, `${path}.*.${k}`, s));
      return { type: 'rows', name, path, children };
    }
    if (source) return { type: 'multi', name, path, source };
    return { type: 'urls', name, path };
  }
  if (inner[Kind] === 'Integer') return { type: 'int', name, path, nullable, optional };
  if (inner[Kind] === 'Number') return { type: 'number', name, path, nullable, optional };
  if (source) return { type: 'choice', name, path, nullable, optional, source };
  const isDate = typeof inner.pattern === 'string' && inner.pattern.startsWith('^\\d{4}');
  return { type: isDate ? 'date' : 'text', name, path, required: (inner.minLength ?? 0) > 0, nullable, optional };
}

/** The form of a record kind: one node per top-level field. */
export function formTree(kind: RecordKind, schema: TObject): FieldNode[] {
  return Object.entries(schema.properties).map(([k, s]) => node(kind, k, k, s as TSchema));
}

/** Sources added with a record, for URLs the catalogue does not know yet. */
export const NewSourceSchema = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }),
  title: Type.String({ minLength: 1 }),
  publisher: Type.Union([Type.String(), Type.Null()]),
  year: Type.Union([Type.Integer({ minimum: 1800, maximum: 2200 }), Type.Null()]),
});
export const NEW_SOURCES_TREE = formTree('initiative', Type.Object({ newSources: Type.Array(NewSourceSchema) }));

// ---- parsing a posted form ---------------------------------------------------------

export type FormBody = Record<string, string | string[]>;

const one = (body: FormBody, name: string): string => {
  const v = body[name];
  return ((Array.isArray(v) ? v[0] : v) ?? '').replace(/\r\n/g, '\n').trim();
};
const many = (body: FormBody, name: string): string[] => {
  const v = body[name];
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean);
};
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const concrete = (path: string, index: number) => path.replace('*', String(index));

/** Row indexes present in the body for a rows field at `path` (a concrete path). */
function rowIndexes(body: FormBody, path: string): number[] {
  const found = new Set<number>();
  const prefix = `${path}.`;
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const i = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(i) && i >= 0 && i < 200) found.add(i);
  }
  return [...found].sort((a, b) => a - b);
}

function hasAnyValue(body: FormBody, prefix: string): boolean {
  return Object.entries(body).some(([k, v]) => k.startsWith(prefix) && !k.endsWith('._remove') && (Array.isArray(v) ? v.some((x) => x.trim()) : v.trim() !== ''));
}

function parseNumber(raw: string, integer: boolean): number | string {
  if (!/^-?\d+([.,]\d+)?$/.test(raw)) return raw;
  const n = Number(raw.replace(',', '.'));
  return integer && !Number.isInteger(n) ? raw : n;
}

function parseNode(n: FieldNode, body: FormBody, path: string): unknown {
  switch (n.type) {
    case 'text':
    case 'date':
    case 'choice': {
      const raw = one(body, path);
      if (raw === '') return n.nullable ? null : n.optional ? undefined : '';
      return raw;
    }
    case 'int':
    case 'number': {
      const raw = one(body, path);
      if (raw === '') return n.nullable ? null : undefined;
      return parseNumber(raw, n.type === 'int');
    }
    case 'multi':
      return [...new Set(many(body, path))];
    case 'urls':
      return [...new Set(lines(one(body, path)))];
    case 'bilingual': {
      const nb = one(body, `${path}.nb`);
      const en = one(body, `${path}.en`);
      return n.required ? { nb, en } : { nb: nb || null, en: en || null };
    }
    case 'bilingualList':
      return { nb: lines(one(body, `${path}.nb`)), en: lines(one(body, `${path}.en`)) };
    case 'group': {
      if (n.nullable && !hasAnyValue(body, `${path}.`)) return null;
      return parseChildren(n.children, body, path);
    }
    case 'rows': {
      const rows: unknown[] = [];
      for (const i of rowIndexes(body, path)) {
        const rowPath = `${path}.${i}`;
        if (one(body, `${rowPath}._remove`) || !hasAnyValue(body, `${rowPath}.`)) continue;
        rows.push(parseChildren(n.children, body, rowPath, i));
      }
      return rows;
    }
  }
}

function parseChildren(children: FieldNode[], body: FormBody, path: string, index?: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of children) {
    const childPath = index === undefined ? `${path}.${c.name}` : `${path}.${c.name}`;
    const value = parseNode(c, body, childPath);
    if (value !== undefined) out[c.name] = value;
  }
  return out;
}

/** The input a posted form describes (not yet validated: bad numbers stay as text). */
export function parseForm(tree: FieldNode[], body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of tree) {
    const value = parseNode(n, body, n.path);
    if (value !== undefined) out[n.name] = value;
  }
  return out;
}

/** An empty row of a rows field, for "add row". */
export function blankRow(children: FieldNode[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of children) {
    out[c.name] =
      c.type === 'bilingual' ? { nb: null, en: null } : c.type === 'bilingualList' ? { nb: [], en: [] } : c.type === 'multi' || c.type === 'urls' || c.type === 'rows' ? [] : c.type === 'group' ? (c.nullable ? null : blankRow(c.children)) : null;
  }
  return out;
}

/** Finds a rows node by its pattern path (`participation`, `organisations`). */
export function findRowsNode(tree: FieldNode[], path: string): Extract<FieldNode, { type: 'rows' }> | null {
  for (const n of tree) {
    if (n.type === 'rows' && n.path === path) return n;
    if (n.type === 'group') {
      const found = findRowsNode(n.children, path);
      if (found) return found;
    }
  }
  return null;
}

/** Every concrete path of a value, for error placement. */
export { concrete };
