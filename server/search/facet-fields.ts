// The facet fields of initiatives (FacetFields: what a facet's values are read from),
// loaded column-wise: one array per scalar field and, per list field, the (entry, value)
// pairs of the link tables it comes from. The embedded engine's facet table is built from
// these columns directly (facet-table.ts); FacetRow reads one entry as FacetFields, and
// loadFacetFields() gives every entry as one, with the same values loadSearchDocuments()
// gives.
import type Database from 'better-sqlite3';
import { PUBLISHED, type FacetFields } from './documents.ts';

/** The FacetFields fields that hold a list read from a link table. */
export type ListField = 'programme' | 'areas' | 'organisation' | 'participation' | 'anchoring' | 'measure' | 'theme' | 'target';
/** The FacetFields fields that hold one value of the initiative's own (or none). */
export type ScalarField = 'country' | 'continuation' | 'evidence' | 'status';
/** A field a facet can file initiatives under as it stands (FacetDefinition.field). */
export type FacetField = ListField | ScalarField;

export const LIST_FIELDS: readonly ListField[] = ['programme', 'areas', 'organisation', 'participation', 'anchoring', 'measure', 'theme', 'target'];
export const SCALAR_FIELDS: readonly ScalarField[] = ['country', 'continuation', 'evidence', 'status'];

/** List fields given in the order of their text; programmes and areas keep their display order. */
const SORTED: ReadonlySet<ListField> = new Set(['organisation', 'participation', 'anchoring', 'measure', 'theme', 'target']);

/**
 * One list field's values: entry pos[k] has the value names[value[k]]. An entry may have
 * the same value in several pairs (one programme under two roles, two participation
 * entries of one method); it is filed under it once.
 */
export interface FieldPairs {
  pos: Int32Array;
  value: Int32Array;
  names: string[];
}

/** The facet fields of a set of initiatives: entry p is the p-th by id. */
export interface FacetSource {
  size: number;
  ids: Int32Array;
  /** Initiative id → entry, or -1. */
  posOfId: Int32Array;
  slugs: string[];
  periodStart: (number | null)[];
  periodEnd: (number | null)[];
  scalars: Record<ScalarField, (string | null)[]>;
  lists: Record<ListField, FieldPairs>;
}

/**
 * The facet fields of every published initiative (or of `ids`). Each table is read in one
 * pass as JSON arrays of integers, the values looked up in the small tables they point to,
 * or per code with the ids of its initiatives (the term links, six in ten of all links,
 * from their covering index: migration 0013). Building strings or objects per row through
 * the driver was most of the facet table's build time at 100,000 initiatives. With `ids`,
 * only their links are read, and programmes and areas come in their display order.
 */
export function loadFacetSource(sqlite: Database.Database, ids?: number[]): FacetSource {
  const only = (column: string) => (ids === undefined ? '' : `WHERE ${column} IN (SELECT value FROM json_each(?))`);
  const params = ids === undefined ? [] : [JSON.stringify(ids)];
  const json = (sql: string) => (sqlite.prepare(sql).raw().get(...params) as (string | null)[]).map((x) => JSON.parse(x ?? '[]'));
  const [id, slugs, country, periodStart, periodEnd, status, evidence, continuation] = json(
    `SELECT json_group_array(id), json_group_array(slug), json_group_array(country_code),
            json_group_array(period_start), json_group_array(period_end), json_group_array(status),
            json_group_array(evidence_level), json_group_array(continuation)
     FROM (SELECT id, slug, country_code, period_start, period_end, status, evidence_level, continuation
           FROM initiatives i WHERE ${PUBLISHED} ${only('i.id').replace('WHERE', 'AND')} ORDER BY i.id)`,
  ) as [number[], string[], string[], (number | null)[], (number | null)[], string[], string[], (string | null)[]];
  const size = id.length;
  let maxId = 0;
  for (let p = 0; p < size; p++) if (id[p] > maxId) maxId = id[p];
  const posOfId = new Int32Array(maxId + 1).fill(-1);
  for (let p = 0; p < size; p++) posOfId[id[p]] = p;
  const lists = Object.fromEntries(LIST_FIELDS.map((f) => [f, new PairsBuilder(posOfId)])) as Record<ListField, PairsBuilder>;

  /** key → name of a small table's rows (programmes, areas, organisations, terms). */
  const names = (sql: string) => new Map(sqlite.prepare(sql).raw().all() as [number, string][]);
  const linked = (field: ListField, table: string, column: string, nameOf: Map<number, string>) => {
    const order = ids === undefined ? '' : 'ORDER BY x.initiative_id, x.position';
    const [owners, keys] = json(
      `SELECT json_group_array(initiative_id), json_group_array(${column})
       FROM (SELECT x.initiative_id, x.${column} FROM ${table} x ${only('x.initiative_id')} ${order})`,
    ) as [number[], number[]];
    lists[field].addPairs(owners, keys, nameOf);
  };
  linked('programme', 'initiative_programmes', 'programme_id', names(`SELECT id, slug FROM programmes WHERE state = 'published'`));
  linked('areas', 'initiative_areas', 'area_id', names(`SELECT id, slug FROM areas WHERE state = 'published'`));
  linked('organisation', 'initiative_organisations', 'organisation_id', names(`SELECT id, slug FROM organisations WHERE state = 'published'`));
  // Codes as the link tables hold them, each with its initiatives (the term links from the
  // index on (kind, code, initiative_id)); a code the vocabulary lacks is kept, as the
  // search documents keep it.
  const coded = (sql: string) => {
    for (const [field, code, owners] of sqlite.prepare(sql).raw().all(...params) as [string, string, string][]) {
      if ((LIST_FIELDS as readonly string[]).includes(field)) lists[field as ListField].addOwners(JSON.parse(owners) as number[], code);
    }
  };
  coded(`SELECT kind, code, json_group_array(initiative_id) FROM initiative_terms x ${only('x.initiative_id')} GROUP BY kind, code`);
  coded(`SELECT 'participation', method, json_group_array(initiative_id) FROM participation_entries x ${only('x.initiative_id')} GROUP BY method`);
  coded(`SELECT 'anchoring', kind, json_group_array(initiative_id) FROM anchoring_entries x ${only('x.initiative_id')} GROUP BY kind`);
  return {
    size,
    ids: Int32Array.from(id),
    posOfId,
    slugs,
    periodStart,
    periodEnd,
    scalars: { country, continuation, evidence, status },
    lists: Object.fromEntries(LIST_FIELDS.map((f) => [f, lists[f].done()])) as Record<ListField, FieldPairs>,
  };
}

/** Collects one list field's pairs, keeping those whose initiative is loaded. */
class PairsBuilder {
  private readonly names: string[] = [];
  private readonly pos: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly posOfId: Int32Array) {}

  private entry(id: number): number {
    return id < this.posOfId.length ? this.posOfId[id] : -1;
  }

  /** (initiative, key) pairs, where `nameOf` names a key; pairs with a key it does not know are left out. */
  addPairs(owners: number[], keys: number[], nameOf: Map<number, string>): void {
    const valueOf = new Map<number, number>();
    for (let k = 0; k < owners.length; k++) {
      const p = this.entry(owners[k]);
      if (p < 0) continue;
      let v = valueOf.get(keys[k]);
      if (v === undefined) {
        const name = nameOf.get(keys[k]);
        v = name === undefined ? -1 : this.names.push(name) - 1;
        valueOf.set(keys[k], v);
      }
      if (v < 0) continue;
      this.pos.push(p);
      this.value.push(v);
    }
  }

  /** Initiatives that all have the value `name`. */
  addOwners(owners: number[], name: string): void {
    const v = this.names.push(name) - 1;
    for (const owner of owners) {
      const p = this.entry(owner);
      if (p < 0) continue;
      this.pos.push(p);
      this.value.push(v);
    }
  }

  done(): FieldPairs {
    return { pos: Int32Array.from(this.pos), value: Int32Array.from(this.value), names: this.names };
  }
}

/** A list field's values by entry: entry p has value[offsets[p] .. offsets[p + 1]), in pair order. */
interface EntryLists {
  offsets: Int32Array;
  value: Int32Array;
}

function entryLists(pairs: FieldPairs, size: number): EntryLists {
  const offsets = new Int32Array(size + 1);
  for (let k = 0; k < pairs.pos.length; k++) offsets[pairs.pos[k] + 1]++;
  for (let p = 0; p < size; p++) offsets[p + 1] += offsets[p];
  const fill = offsets.slice(0, size);
  const value = new Int32Array(pairs.pos.length);
  for (let k = 0; k < pairs.pos.length; k++) value[fill[pairs.pos[k]]++] = pairs.value[k];
  return { offsets, value };
}

/**
 * One entry of a FacetSource read as FacetFields (what FacetDefinition.values takes),
 * moved from entry to entry with at(). Each field is read when asked for: a list field's
 * values once each, in the order of their text (programmes and areas: as loaded).
 */
export class FacetRow implements FacetFields {
  private p = 0;
  private readonly byEntry = new Map<ListField, EntryLists>();

  constructor(private readonly source: FacetSource) {}

  at(p: number): this {
    this.p = p;
    return this;
  }

  get id(): number {
    return this.source.ids[this.p];
  }
  get slug(): string {
    return this.source.slugs[this.p];
  }
  get country(): string {
    return this.source.scalars.country[this.p]!;
  }
  get periodStart(): number | null {
    return this.source.periodStart[this.p];
  }
  get periodEnd(): number | null {
    return this.source.periodEnd[this.p];
  }
  get continuation(): string[] {
    return this.scalar('continuation');
  }
  get evidence(): string[] {
    return this.scalar('evidence');
  }
  get status(): string[] {
    return this.scalar('status');
  }
  get programme(): string[] {
    return this.list('programme');
  }
  get areas(): string[] {
    return this.list('areas');
  }
  get organisation(): string[] {
    return this.list('organisation');
  }
  get participation(): string[] {
    return this.list('participation');
  }
  get anchoring(): string[] {
    return this.list('anchoring');
  }
  get measure(): string[] {
    return this.list('measure');
  }
  get theme(): string[] {
    return this.list('theme');
  }
  get target(): string[] {
    return this.list('target');
  }

  private scalar(field: ScalarField): string[] {
    const value = this.source.scalars[field][this.p];
    return value === null ? [] : [value];
  }

  private list(field: ListField): string[] {
    const pairs = this.source.lists[field];
    let lists = this.byEntry.get(field);
    if (!lists) this.byEntry.set(field, (lists = entryLists(pairs, this.source.size)));
    const out: string[] = [];
    for (let k = lists.offsets[this.p]; k < lists.offsets[this.p + 1]; k++) {
      const name = pairs.names[lists.value[k]];
      if (!out.includes(name)) out.push(name);
    }
    if (out.length > 1 && SORTED.has(field)) out.sort();
    return out;
  }
}

/**
 * The facet fields of every published initiative (or of `ids`), in id order, each as a
 * plain object with the same values loadSearchDocuments() gives (the CSV export reads
 * them; the facet table reads the columns).
 */
export function loadFacetFields(sqlite: Database.Database, ids?: number[]): FacetFields[] {
  const source = loadFacetSource(sqlite, ids);
  const row = new FacetRow(source);
  const out = new Array<FacetFields>(source.size);
  for (let p = 0; p < source.size; p++) {
    row.at(p);
    out[p] = {
      id: row.id,
      slug: row.slug,
      country: row.country,
      programme: row.programme,
      areas: row.areas,
      measure: row.measure,
      theme: row.theme,
      target: row.target,
      organisation: row.organisation,
      participation: row.participation,
      anchoring: row.anchoring,
      continuation: row.continuation,
      evidence: row.evidence,
      status: row.status,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
    };
  }
  return out;
}
