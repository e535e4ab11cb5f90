// Importing a partner's spreadsheet of initiatives: a CSV (comma or semicolon separated,
// lists inside a cell separated by "|") or a JSON array of initiative inputs. Every row is
// checked like a form (validateRecord) and the dry run lists, per line, whether it creates
// or updates a record and what is wrong. Applying writes every row in one transaction —
// all or nothing — upserting by ref: new records as drafts, existing ones keep their state,
// and a row identical to the stored record changes nothing (importing twice is a no-op).
import type Database from 'better-sqlite3';
import type { MessageRef } from '../../errors.ts';
import { KINDS } from './kinds.ts';
import { readRecordInput } from './read-input.ts';
import { saveRecord, slugFor, nextRef, ValidationFailed } from './save-record.ts';
import { currentRevision } from './revisions.ts';
import { validateRecord, type NewSource } from './validate.ts';

export interface ImportRow {
  line: number;
  input: Record<string, unknown>;
  newSources: NewSource[];
}

export interface RowReport {
  line: number;
  ref: string | null;
  title: string;
  action: 'create' | 'update' | 'unchanged';
  errors: { field: string; message: MessageRef }[];
}

export class ImportFileError extends Error {
  constructor(readonly messageRef: MessageRef) {
    super(messageRef.key);
  }
}

/** RFC 4180 CSV: quoted fields may hold the separator, quotes ("") and line breaks. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

const list = (v: string | undefined) => (v ?? '').split('|').map((s) => s.trim()).filter(Boolean);
const textOrNull = (v: string | undefined) => (v ?? '').trim() || null;
const yearOrNull = (v: string | undefined): number | string | null => {
  const s = (v ?? '').trim();
  return s === '' ? null : /^\d+$/.test(s) ? Number(s) : s;
};

/** The CSV columns the importer reads (header names, case-insensitive). */
export const CSV_COLUMNS = [
  'ref', 'titleNb', 'titleEn', 'titleOriginal', 'country', 'periodStart', 'periodEnd', 'status', 'areas', 'programmes',
  'measureTypes', 'themes', 'targetGroups', 'summaryNb', 'summaryEn', 'outcomesNb', 'outcomesEn', 'sourceUrls', 'sourceTitle',
] as const;

function rowFromCsv(line: number, get: (column: string) => string | undefined): ImportRow {
  const sourceUrls = list(get('sourceUrls'));
  const sourceTitle = textOrNull(get('sourceTitle'));
  return {
    line,
    input: {
      ref: textOrNull(get('ref')),
      titleNb: textOrNull(get('titleNb')),
      titleOriginal: textOrNull(get('titleOriginal')),
      originalLanguage: null,
      titleEn: (get('titleEn') ?? '').trim(),
      summary: { nb: textOrNull(get('summaryNb')), en: textOrNull(get('summaryEn')) },
      outcomes: { nb: textOrNull(get('outcomesNb')), en: textOrNull(get('outcomesEn')) },
      lessons: { nb: null, en: null },
      notes: { nb: null, en: null },
      locationText: null,
      areas: list(get('areas')),
      programmes: list(get('programmes')).map((programme) => ({ programme, role: 'part-of' })),
      country: (get('country') ?? '').trim(),
      periodStart: yearOrNull(get('periodStart')),
      periodEnd: yearOrNull(get('periodEnd')),
      status: (get('status') ?? '').trim() || 'unknown-end',
      measureTypes: list(get('measureTypes')),
      themes: list(get('themes')),
      targetGroups: list(get('targetGroups')),
      targetGroupsOriginal: { nb: [], en: [] },
      participation: [],
      anchoring: [],
      continuation: null,
      organisations: [],
      funding: [],
      evidence: { level: 'not-stated', note: { nb: null, en: null } },
      related: [],
      sourceUrls,
      confidence: 'unverified',
    },
    // A source the catalogue lacks is added with the row's source title (or its URL).
    newSources: sourceUrls.map((url) => ({ url, title: sourceTitle ?? url, publisher: null, year: null })),
  };
}

/** Reads an uploaded file into rows; a file that is neither is an ImportFileError. */
export function parseImportFile(filename: string, data: Buffer): ImportRow[] {
  const text = data.toString('utf8');
  if (/\.json$/i.test(filename) || /^\s*[[{]/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ImportFileError({ key: 'import.error.json', params: { message: (err as Error).message } });
    }
    // A list of initiatives, or an object holding one as `initiatives` (as `npm run export` writes).
    const items = Array.isArray(parsed) ? parsed : parsed !== null && typeof parsed === 'object' ? (parsed as { initiatives?: unknown }).initiatives : undefined;
    if (!Array.isArray(items)) throw new ImportFileError({ key: 'import.error.jsonShape' });
    return items.map((item, i) => {
      const { newSources, ...input } = (item ?? {}) as Record<string, unknown> & { newSources?: NewSource[] };
      return { line: i + 1, input, newSources: Array.isArray(newSources) ? newSources : [] };
    });
  }
  const rows = parseCsv(text);
  if (rows.length < 2) throw new ImportFileError({ key: 'import.error.empty' });
  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  const missing = ['titleen', 'country', 'sourceurls'].filter((c) => !header.includes(c));
  if (missing.length) throw new ImportFileError({ key: 'import.error.columns', params: { columns: missing.join(', ') } });
  return rows.slice(1).map((r) => rowFromCsv(r.line, (column) => r.cells[header.indexOf(column.toLowerCase())]));
}

/** The dry run: what each row would do and what is wrong with it. Writes nothing. */
export function previewImport(sqlite: Database.Database, rows: ImportRow[]): RowReport[] {
  const info = KINDS.initiative;
  const seenRefs = new Set<string>();
  return rows.map((row) => {
    const ref = typeof row.input.ref === 'string' && row.input.ref ? row.input.ref : null;
    const existing = ref ? readRecordInput(sqlite, 'initiative', ref) : null;
    const input: Record<string, unknown> = { ...row.input, ref: ref ?? nextRef(sqlite, info) };
    if (!input.slug) input.slug = existing ? existing.input.slug : slugFor(sqlite, info, input);
    const errors = Object.entries(validateRecord(sqlite, info, input, row.newSources, { existingId: existing?.id })).map(([field, message]) => ({ field, message }));
    if (ref && seenRefs.has(ref)) errors.push({ field: 'ref', message: { key: 'import.error.duplicateRef', params: { ref } } });
    if (ref) seenRefs.add(ref);
    const stored = existing?.input as Record<string, unknown> | undefined;
    const unchanged =
      stored !== undefined && errors.length === 0 && Object.keys(row.input).every((k) => JSON.stringify(row.input[k] ?? null) === JSON.stringify(stored[k] ?? null));
    return {
      line: row.line,
      ref,
      title: String(row.input.titleNb ?? row.input.titleEn ?? ''),
      action: existing ? (unchanged ? 'unchanged' : 'update') : 'create',
      errors,
    };
  });
}

/** Writes every row in one transaction; any invalid row undoes all. Returns the refs written. */
export function applyImport(sqlite: Database.Database, rows: ImportRow[], userId: number | null): string[] {
  return sqlite.transaction(() => {
    const refs: string[] = [];
    for (const row of rows) {
      const ref = typeof row.input.ref === 'string' && row.input.ref ? row.input.ref : null;
      const existing = ref ? readRecordInput(sqlite, 'initiative', ref) : null;
      try {
        const result = saveRecord(sqlite, {
          kind: 'initiative',
          ref: existing ? ref : null,
          newRef: ref ?? undefined,
          input: row.input,
          newSources: row.newSources.filter((s) => !sqlite.prepare(`SELECT 1 FROM sources WHERE url = ?`).get(s.url)),
          baseRevision: existing ? currentRevision(sqlite, 'initiative', ref!) : 0,
          userId,
          state: existing ? existing.state : 'draft',
          action: 'import',
        });
        refs.push(result.ref);
      } catch (err) {
        if (err instanceof ValidationFailed) throw new ImportFileError({ key: 'import.error.rowInvalid', params: { line: row.line } });
        throw err;
      }
    }
    return refs;
  })();
}
