// Saving a record from the admin: validate per field, refuse a save based on an older
// revision (optimistic concurrency), write through the catalogue importer (vocabulary
// checks, refs, slug history), set the editorial state and write a revision, all in one
// transaction. The search change feed picks the change up from the triggers.
import type Database from 'better-sqlite3';
import { importCatalogue, ImportError } from '../import-catalogue.ts';
import type { CatalogueInput } from '../../schemas/catalogue.ts';
import { slugOrNull } from '../../../seed/slug.ts';
import { KINDS, titleOfInput, type KindInfo, type RecordInput, type RecordState } from './kinds.ts';
import { readRecordInput, type StoredRecord } from './read-input.ts';
import { changedFields, currentRevision, writeRevision, type RevisionAction } from './revisions.ts';
import { validateRecord, type FieldErrors, type NewSource } from './validate.ts';
import type { RecordKind } from '../../../db/schema.ts';

export class ValidationFailed extends Error {
  constructor(readonly errors: FieldErrors) {
    super('validation failed');
  }
}

/** The record changed since the editor opened it. */
export class EditConflict extends Error {
  constructor(readonly current: StoredRecord, readonly currentRevision: number) {
    super('edit conflict');
  }
}

function emptyCatalogue(): CatalogueInput {
  return { vocabularies: { countries: [] }, sources: [], organisations: [], programmes: [], areas: [], initiatives: [], events: [], resources: [] };
}

/** The next free ref of a kind (I072 after I071). */
export function nextRef(sqlite: Database.Database, info: KindInfo): string {
  const refs = sqlite.prepare(`SELECT ref FROM ${info.table} WHERE ref GLOB ?`).pluck().all(`${info.refPrefix}[0-9]*`) as string[];
  const max = refs.reduce((m, r) => (/^\w\d+$/.test(r) ? Math.max(m, Number(r.slice(1))) : m), 0);
  return `${info.refPrefix}${String(max + 1).padStart(3, '0')}`;
}

/** A slug from the title, made unique within the kind. */
export function slugFor(sqlite: Database.Database, info: KindInfo, input: Record<string, unknown>, ownId?: number): string {
  const base = slugOrNull(titleOfInput(info, input), 100) ?? info.kind;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const id = sqlite.prepare(`SELECT id FROM ${info.table} WHERE slug = ?`).pluck().get(candidate) as number | undefined;
    if (id === undefined || id === ownId) return candidate;
  }
}

export interface SaveRequest {
  kind: RecordKind;
  /** The record's ref; null to create a new record. */
  ref: string | null;
  /** The ref a new record gets (an import's stable id); the next free one otherwise. */
  newRef?: string;
  input: Record<string, unknown>;
  newSources?: NewSource[];
  /** The revision the form was based on; ignored when creating. */
  baseRevision: number;
  /** The editor; null for a command-line import. */
  userId: number | null;
  state?: RecordState;
  action?: RevisionAction;
}

export interface SaveResult {
  ref: string;
  slug: string;
  revision: number;
}

/** Writes one record: throws ValidationFailed (per-field messages) or EditConflict. */
export function saveRecord(sqlite: Database.Database, req: SaveRequest): SaveResult {
  const info = KINDS[req.kind];
  return sqlite.transaction((): SaveResult => {
    const existing = req.ref ? readRecordInput(sqlite, req.kind, req.ref) : null;
    const input = { ...req.input };
    if (existing) {
      input.ref = existing.input.ref;
      const revision = currentRevision(sqlite, req.kind, existing.input.ref);
      if (revision !== req.baseRevision) throw new EditConflict(existing, revision);
    } else {
      input.ref = req.newRef ?? nextRef(sqlite, info);
    }
    if (!input.slug) input.slug = existing ? existing.input.slug : slugFor(sqlite, info, input);
    const errors = validateRecord(sqlite, info, input, req.newSources ?? [], { existingId: existing?.id });
    if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);

    // Every given field equal to the stored record (an unchanged form, an export imported
    // back): nothing to write, not even updated_at or the content hash.
    if (existing && (req.state ?? existing.state) === existing.state) {
      const stored = existing.input as Record<string, unknown>;
      const same = Object.keys(input).every((k) => JSON.stringify(input[k] ?? null) === JSON.stringify(stored[k] ?? null));
      if (same) return { ref: existing.input.ref, slug: existing.input.slug, revision: currentRevision(sqlite, req.kind, existing.input.ref) };
    }
    const catalogue = emptyCatalogue();
    catalogue.sources = (req.newSources ?? []).map((s) => ({ ...s, type: null, language: null }));
    (catalogue[info.plural] as RecordInput[]).push(input as RecordInput);
    try {
      importCatalogue(sqlite, catalogue);
    } catch (err) {
      if (err instanceof ImportError) throw new ValidationFailed({ _form: { key: 'admin.error.writer', params: { message: err.message } } });
      throw err;
    }
    const state: RecordState = req.state ?? existing?.state ?? 'draft';
    sqlite.prepare(`UPDATE ${info.table} SET state = ? WHERE ref = ?`).run(state, input.ref);
    const after = readRecordInput(sqlite, req.kind, input.ref as string)!;
    // Saving what is already stored (an unchanged form, the same import twice) is no change.
    if (existing && existing.state === state && changedFields(existing.input as Record<string, unknown>, after.input as Record<string, unknown>).length === 0) {
      return { ref: input.ref as string, slug: after.input.slug, revision: currentRevision(sqlite, req.kind, input.ref as string) };
    }
    const revision = writeRevision(sqlite, {
      kind: req.kind,
      ref: input.ref as string,
      userId: req.userId,
      action: req.action ?? (existing ? 'edit' : 'create'),
      state,
      before: (existing?.input as Record<string, unknown> | undefined) ?? null,
      after: after.input as Record<string, unknown>,
    });
    return { ref: input.ref as string, slug: after.input.slug, revision };
  })();
}

export const STATE_TRANSITIONS: Record<RecordState, RecordState[]> = {
  draft: ['review', 'published', 'withdrawn'],
  review: ['draft', 'published', 'withdrawn'],
  published: ['review', 'withdrawn'],
  withdrawn: ['draft', 'published'],
};

/**
 * Moves a record to another state (publish, send to review, withdraw, undo a withdrawal)
 * and writes a revision. Undoing a withdrawal is for admins (checked by the caller).
 */
export function changeState(sqlite: Database.Database, kind: RecordKind, ref: string, to: RecordState, userId: number, baseRevision: number): number {
  const info = KINDS[kind];
  return sqlite.transaction(() => {
    const existing = readRecordInput(sqlite, kind, ref);
    if (!existing) throw new ImportError(`unknown ${kind} ${ref}`);
    const revision = currentRevision(sqlite, kind, ref);
    if (revision !== baseRevision) throw new EditConflict(existing, revision);
    sqlite.prepare(`UPDATE ${info.table} SET state = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE ref = ?`).run(to, ref);
    return writeRevision(sqlite, {
      kind,
      ref,
      userId,
      action: 'state',
      state: to,
      before: existing.input as Record<string, unknown>,
      after: existing.input as Record<string, unknown>,
      note: `${existing.state} → ${to}`,
    });
  })();
}
