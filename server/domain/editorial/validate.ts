// Checks a record input the way CatalogueWriter will, but answers per field (dotted
// path -> message key) so the form can show each message beside its input: the TypeBox
// schema first, then vocabulary codes, record refs, cited sources, slug and period.
import type Database from 'better-sqlite3';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { Type, type TSchema } from '@sinclair/typebox';
import type { MessageRef } from '../../errors.ts';
import { loadVocabulary } from '../labels.ts';
import { KINDS, type KindInfo } from './kinds.ts';
import { formTree, NewSourceSchema, SOURCE_FIELDS, type FieldNode } from './form-tree.ts';


export type FieldErrors = Record<string, MessageRef>;

function messageFor(type: ValueErrorType, schema: TSchema, value: unknown): MessageRef {
  if (value === '' || value === undefined) return { key: 'admin.error.required' };
  if (type === ValueErrorType.ArrayMinItems) return { key: 'admin.error.sourceRequired' };
  if (schema.pattern === '^https?://') return { key: 'admin.error.url' };
  if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^\\d{4}')) return { key: 'admin.error.date' };
  if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^[a-z0-9]+')) return { key: 'admin.error.slug' };
  if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^[A-Za-z0-9]')) return { key: 'admin.error.ref' };
  if (typeof value === 'string' && (schema.type === 'integer' || schema.type === 'number' || schema.anyOf)) return { key: 'admin.error.number' };
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') {
    return { key: 'admin.error.range', params: { min: schema.minimum, max: schema.maximum } };
  }
  if (typeof schema.minimum === 'number') return { key: 'admin.error.min', params: { min: schema.minimum } };
  return { key: 'admin.error.invalid' };
}

/** `/participation/0/method` -> `participation.0.method`, cut back to a field the form has. */
function fieldPath(pointer: string, known: Set<string>): string {
  const parts = pointer.split('/').filter(Boolean);
  while (parts.length > 0) {
    const p = parts.join('.');
    if (known.has(p.replace(/\.\d+(?=\.|$)/g, '.*'))) return p;
    parts.pop();
  }
  return '_form';
}

function collectPaths(tree: FieldNode[], into = new Set<string>()): Set<string> {
  for (const n of tree) {
    into.add(n.path);
    if (n.type === 'bilingual' || n.type === 'bilingualList') {
      into.add(`${n.path}.nb`);
      into.add(`${n.path}.en`);
    }
    if (n.type === 'group' || n.type === 'rows') collectPaths(n.children, into);
  }
  return into;
}

function schemaErrors(schema: TSchema, value: unknown, known: Set<string>, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of Value.Errors(schema, value)) {
    const path = prefix + fieldPath(e.path, known);
    errors[path] ??= messageFor(e.type, e.schema, e.value);
  }
  return errors;
}

/** Walks a tree and value together, calling `visit` for each leaf with its concrete path. */
function walk(tree: FieldNode[], value: unknown, visit: (n: FieldNode, path: string, v: unknown) => void, base = ''): void {
  for (const n of tree) {
    const path = base ? `${base}.${n.name}` : n.path;
    const v = (value as Record<string, unknown> | null)?.[n.name];
    if (n.type === 'group') {
      if (v) walk(n.children, v, visit, path);
    } else if (n.type === 'rows') {
      (Array.isArray(v) ? v : []).forEach((row, i) => walk(n.children, row, visit, `${path}.${i}`));
    } else visit(n, path, v);
  }
}

export interface NewSource {
  url: string;
  title: string;
  publisher: string | null;
  year: number | null;
}

export function validateRecord(
  sqlite: Database.Database,
  info: KindInfo,
  input: Record<string, unknown>,
  newSources: NewSource[] = [],
  options: { existingId?: number } = {},
): FieldErrors {
  const tree = formTree(info.kind, info.schema);
  const errors = schemaErrors(info.schema, input, collectPaths(tree));
  Object.assign(errors, schemaErrors(Type_NewSources, { newSources }, collectPaths(NEW_TREE)));

  const vocab = loadVocabulary(sqlite);
  const known = (source: { vocab: string } | { ref: string }, code: string): boolean => {
    if ('vocab' in source) return (vocab as unknown as Record<string, Map<string, unknown>>)[source.vocab].has(code);
    const table = KINDS[source.ref as keyof typeof KINDS].table;
    return Boolean(sqlite.prepare(`SELECT 1 FROM ${table} WHERE ref = ?`).get(code)) || (source.ref === info.kind && code === input.ref);
  };
  // newSources may come from an uploaded file as anything: the schema above reports a bad
  // entry; only well-formed ones count as known here.
  const sourceUrls = new Set(newSources.flatMap((s: unknown) => (s !== null && typeof s === 'object' && typeof (s as NewSource).url === 'string' ? [(s as NewSource).url] : [])));
  const sourceKnown = (url: string) => sourceUrls.has(url) || Boolean(sqlite.prepare(`SELECT 1 FROM sources WHERE url = ?`).get(url));

  walk(tree, input, (n, path, v) => {
    if (errors[path]) return;
    if (n.type === 'choice' && typeof v === 'string' && v && !known(n.source, v)) {
      errors[path] = { key: 'vocab' in n.source ? 'admin.error.unknownCode' : 'admin.error.unknownRef', params: { value: v } };
    }
    if (n.type === 'multi' && Array.isArray(v)) {
      const bad = v.find((c) => typeof c === 'string' && !known(n.source, c));
      if (bad) errors[path] = { key: 'vocab' in n.source ? 'admin.error.unknownCode' : 'admin.error.unknownRef', params: { value: bad } };
    }
    if (SOURCE_FIELDS.has(n.name)) {
      const urls = (Array.isArray(v) ? v : [v]).filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u));
      const unknown = urls.find((u) => !sourceKnown(u));
      if (unknown) errors[path] = { key: 'admin.error.unknownSource', params: { value: unknown } };
    }
  });

  const slug = input.slug;
  if (typeof slug === 'string' && !errors.slug) {
    const other = sqlite.prepare(`SELECT id FROM ${info.table} WHERE slug = ?`).pluck().get(slug) as number | undefined;
    if (other !== undefined && other !== options.existingId) errors.slug = { key: 'admin.error.slugTaken', params: { value: slug } };
  }
  const start = input.periodStart;
  const end = input.periodEnd;
  if (typeof start === 'number' && typeof end === 'number' && end < start && !errors.periodEnd) {
    errors.periodEnd = { key: 'admin.error.periodOrder' };
  }
  return errors;
}

const Type_NewSources = Type.Object({ newSources: Type.Array(NewSourceSchema) });
const NEW_TREE = formTree('initiative', Type_NewSources);
