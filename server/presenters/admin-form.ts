// The view model of a record's edit form: every field of the form tree with its label,
// value, options (vocabulary labels and definitions, as the facets show them, or record
// names), its error message and whether a translation is missing. Templates only loop.
import type Database from 'better-sqlite3';
import type { MessageRef } from '../errors.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../search/types.ts';
import { loadVocabulary, type Vocabulary } from '../domain/labels.ts';
import { KINDS, titleOfInput } from '../domain/editorial/kinds.ts';
import type { ChoiceSource, FieldNode } from '../domain/editorial/form-tree.ts';
import type { FieldErrors } from '../domain/editorial/validate.ts';
import type { RecordKind } from '../../db/schema.ts';

export interface OptionView {
  value: string;
  label: string;
  definition: string | null;
  selected: boolean;
}

export interface FieldView {
  type: FieldNode['type'];
  id: string;
  name: string;
  label: string;
  /** Help under the label (the field's purpose, or the list of choices' meaning). */
  hint: string | null;
  error: string | null;
  required: boolean;
  /** text, number and date inputs; urls and lists as one item per line. */
  value: string;
  options: OptionView[];
  /** Bilingual fields: the two languages side by side. */
  nb?: { name: string; id: string; value: string; missing: boolean };
  en?: { name: string; id: string; value: string; missing: boolean };
  children: FieldView[];
  rows: { index: number; legend: string; removeName: string; removeId: string; fields: FieldView[] }[];
  /** The "add row" button's value (the rows field's path). */
  addValue: string;
}

interface Context {
  locale: Locale;
  vocab: Vocabulary;
  refs: Map<RecordKind, { value: string; label: string }[]>;
  errors: FieldErrors;
}

const message = (locale: Locale, m: MessageRef | undefined) => (m ? t(locale, m.key, m.params) : null);
const idOf = (path: string) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

function options(ctx: Context, source: ChoiceSource, selected: string[]): OptionView[] {
  if ('vocab' in source) {
    const labels = ctx.vocab[source.vocab];
    const defs = ctx.vocab.definitions[source.vocab];
    const codes = [...ctx.vocab.order[source.vocab]];
    for (const s of selected) if (!codes.includes(s)) codes.push(s);
    return codes.map((code) => ({
      value: code,
      label: labels.get(code)?.[ctx.locale] ?? code,
      definition: defs.get(code)?.[ctx.locale] || null,
      selected: selected.includes(code),
    }));
  }
  const list = ctx.refs.get(source.ref) ?? [];
  const out = list.map((r) => ({ value: r.value, label: r.label, definition: null, selected: selected.includes(r.value) }));
  for (const s of selected) if (!list.some((r) => r.value === s)) out.push({ value: s, label: s, definition: null, selected: true });
  return out;
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function view(ctx: Context, n: FieldNode, path: string, value: unknown): FieldView {
  const base: FieldView = {
    type: n.type,
    id: idOf(path),
    name: path,
    label: t(ctx.locale, `field.${n.name}`),
    hint: null,
    error: message(ctx.locale, ctx.errors[path]),
    required: false,
    value: '',
    options: [],
    children: [],
    rows: [],
    addValue: '',
  };
  switch (n.type) {
    case 'text':
    case 'date':
      return { ...base, required: n.required, value: str(value), hint: n.type === 'date' ? t(ctx.locale, 'admin.hint.date') : null };
    case 'int':
    case 'number':
      return { ...base, value: str(value) };
    case 'choice':
      return { ...base, required: !n.nullable && !n.optional, options: options(ctx, n.source, value ? [String(value)] : []) };
    case 'multi':
      return { ...base, options: options(ctx, n.source, Array.isArray(value) ? value.map(String) : []) };
    case 'urls':
      return { ...base, value: (Array.isArray(value) ? value : []).join('\n'), hint: t(ctx.locale, 'admin.hint.onePerLine') };
    case 'bilingual':
    case 'bilingualList': {
      const v = (value ?? {}) as { nb?: unknown; en?: unknown };
      const text = (x: unknown) => (Array.isArray(x) ? x.join('\n') : str(x));
      const nb = text(v.nb);
      const en = text(v.en);
      // Exactly one language written: the other is a missing translation.
      return {
        ...base,
        required: n.type === 'bilingual' && n.required,
        hint: n.type === 'bilingualList' ? t(ctx.locale, 'admin.hint.onePerLine') : null,
        nb: { name: `${path}.nb`, id: idOf(`${path}.nb`), value: nb, missing: !nb && Boolean(en) },
        en: { name: `${path}.en`, id: idOf(`${path}.en`), value: en, missing: !en && Boolean(nb) },
        error: message(ctx.locale, ctx.errors[path] ?? ctx.errors[`${path}.nb`] ?? ctx.errors[`${path}.en`]),
      };
    }
    case 'group':
      return { ...base, children: n.children.map((c) => view(ctx, c, `${path}.${c.name}`, (value as Record<string, unknown> | null)?.[c.name])) };
    case 'rows': {
      const rows = Array.isArray(value) ? value : [];
      return {
        ...base,
        addValue: path,
        rows: rows.map((row, i) => ({
          index: i,
          legend: `${t(ctx.locale, `field.${n.name}`)} ${i + 1}`,
          removeName: `${path}.${i}._remove`,
          removeId: idOf(`${path}.${i}._remove`),
          fields: n.children.map((c) => view(ctx, c, `${path}.${i}.${c.name}`, (row as Record<string, unknown>)[c.name])),
        })),
      };
    }
  }
}

/** Record names for ref selects, every state (an editor may link to a draft). */
export function loadRefOptions(sqlite: Database.Database): Map<RecordKind, { value: string; label: string }[]> {
  const out = new Map<RecordKind, { value: string; label: string }[]>();
  const sql: Record<RecordKind, string> = {
    initiative: `SELECT ref, coalesce(title_nb, title_en) AS label FROM initiatives ORDER BY label`,
    area: `SELECT ref, name AS label FROM areas ORDER BY name`,
    programme: `SELECT ref, coalesce(name_nb, name_original) AS label FROM programmes ORDER BY label`,
    organisation: `SELECT ref, name AS label FROM organisations ORDER BY name`,
    event: `SELECT ref, name_nb AS label FROM events ORDER BY label`,
    resource: `SELECT ref, coalesce(title_nb, title_original) AS label FROM resources ORDER BY label`,
  };
  for (const kind of Object.keys(sql) as RecordKind[]) {
    out.set(kind, (sqlite.prepare(sql[kind]).all() as { ref: string; label: string }[]).map((r) => ({ value: r.ref, label: `${r.label} (${r.ref})` })));
  }
  return out;
}

export function presentForm(sqlite: Database.Database, locale: Locale, tree: FieldNode[], value: Record<string, unknown>, errors: FieldErrors): FieldView[] {
  const ctx: Context = { locale, vocab: loadVocabulary(sqlite), refs: loadRefOptions(sqlite), errors };
  return tree.map((n) => view(ctx, n, n.path, value[n.name]));
}

/** The title of a record for headings. */
export function recordTitle(kind: RecordKind, input: unknown): string {
  return titleOfInput(KINDS[kind], input);
}
