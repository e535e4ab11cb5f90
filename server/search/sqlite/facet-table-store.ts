// The facet table kept in the database (table search_facet_store), so a restart reads it
// back instead of building it from every initiative again (at 100,000 initiatives about
// 1.5 s of start-up, most of it reading the link tables).
//
// A stored table is used only under the key it was stored with: the catalogue revision
// (which the in-memory table is rebuilt on: it moves with every change to what the table
// holds), the year (an ongoing period is read up to it), and the source of the code that
// builds the table and of each facet in the registry. Otherwise the table is built as
// before. Stored in the catalogue's own file, it travels with backups and restores and
// belongs to the data beside it.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { currentYear, searchedPeriod } from '../types.ts';
import type { FacetRegistry } from '../facets.ts';
import { FacetRow, loadFacetSource } from '../facet-fields.ts';
import { buildSnapshot, type FacetColumn, type Snapshot } from './facet-table.ts';
import { periodOrder } from './ranking.ts';

/** Bumped when the stored layout changes. */
const FORMAT = 1;

type ArrayKind = 'i32' | 'u8';

interface Header {
  size: number;
  revision: number;
  slugs: string[];
  /** Each facet's values, in value-id order. */
  values: string[][];
  /** Each typed array's name, kind, byte offset and length (in elements) in the data. */
  arrays: [string, ArrayKind, number, number][];
}

/** The code a stored table depends on: a change to any of it makes older tables unusable. */
function codeFingerprint(registry: FacetRegistry): string {
  const hash = createHash('sha256');
  hash.update(String(FORMAT));
  for (const fn of [buildSnapshot, loadFacetSource, FacetRow, searchedPeriod, periodOrder]) hash.update(fn.toString());
  for (const facet of registry.list) hash.update(`${facet.name}\0${facet.field ?? ''}\0${facet.values.toString()}\0`);
  return hash.digest('base64url').slice(0, 22);
}

const fingerprints = new WeakMap<FacetRegistry, string>();

/** The key a table built now, at catalogue `revision`, is stored under. */
export function storeKey(registry: FacetRegistry, revision: number): string {
  let code = fingerprints.get(registry);
  if (code === undefined) fingerprints.set(registry, (code = codeFingerprint(registry)));
  return `${revision}:${currentYear()}:${code}`;
}

/** The stored table if it was stored under `key`; null otherwise (or when it cannot be read). */
export function readStoredSnapshot(sqlite: Database.Database, registry: FacetRegistry, key: string): Snapshot | null {
  let row: { header: string; data: Buffer } | undefined;
  try {
    const stored = sqlite.prepare(`SELECT key FROM search_facet_store WHERE id = 1`).pluck().get() as string | undefined;
    if (stored !== key) return null;
    row = sqlite.prepare(`SELECT header, data FROM search_facet_store WHERE id = 1`).get() as typeof row;
  } catch {
    return null; // no such table yet (a database before migration 0012), or unreadable
  }
  if (!row) return null;
  try {
    return fromStored(row, registry);
  } catch {
    return null; // unreadable (damaged by hand, say): built as if nothing were stored
  }
}

function fromStored(row: { header: string; data: Buffer }, registry: FacetRegistry): Snapshot | null {
  const header = JSON.parse(row.header) as Header;
  if (header.values.length !== registry.list.length) return null;
  // Typed arrays need aligned offsets; a copy is made only if the blob's own buffer is not.
  const data = row.data.byteOffset % 8 === 0 ? row.data : Buffer.from(row.data);
  const arrays = new Map<string, Int32Array | Uint8Array>();
  for (const [name, kind, offset, length] of header.arrays) {
    const at = data.byteOffset + offset;
    arrays.set(name, kind === 'i32' ? new Int32Array(data.buffer, at, length) : new Uint8Array(data.buffer, at, length));
  }
  const i32 = (name: string) => {
    const array = arrays.get(name);
    if (!(array instanceof Int32Array)) throw new Error(`the stored facet table has no ${name}`);
    return array;
  };
  const u8 = (name: string) => {
    const array = arrays.get(name);
    if (!(array instanceof Uint8Array)) throw new Error(`the stored facet table has no ${name}`);
    return array;
  };
  const facets: FacetColumn[] = header.values.map((values, f) => ({
    values,
    idOf: new Map(values.map((v, i) => [v, i])),
    offsets: i32(`facet${f}.offsets`),
    ids: i32(`facet${f}.ids`),
  }));
  const size = header.size;
  return {
    revision: header.revision,
    size,
    ids: i32('ids'),
    slugs: header.slugs,
    names: registry.names,
    posOfId: i32('posOfId'),
    facets,
    rows: {
      offsets: i32('rows.offsets'),
      gids: i32('rows.gids'),
      base: i32('rows.base'),
      facetOf: u8('rows.facetOf'),
      postingOffsets: i32('rows.postingOffsets'),
      postings: i32('rows.postings'),
    },
    lo: i32('lo'),
    hi: i32('hi'),
    newest: { order: i32('newest.order'), rank: i32('newest.rank') },
    oldest: { order: i32('oldest.order'), rank: i32('oldest.rank') },
    titleNb: null,
    titleEn: null,
    allCounts: null,
    scoreOf: new Float64Array(size),
    stamp: new Uint32Array(size),
    stampGeneration: 0,
    matches: new Map(),
    matchRows: 0,
    counted: new Map(),
    countedRows: 0,
  };
}

/**
 * Stores `snap` under `key`, replacing whatever was stored. False when the database cannot
 * be written now (read-only, or another process holds the write lock): the table is then
 * simply built again at the next start.
 */
export function storeSnapshot(sqlite: Database.Database, snap: Snapshot, key: string): boolean {
  const parts: [string, Int32Array | Uint8Array][] = [
    ['ids', snap.ids],
    ['posOfId', snap.posOfId],
    ['lo', snap.lo],
    ['hi', snap.hi],
    ['newest.order', snap.newest.order],
    ['newest.rank', snap.newest.rank],
    ['oldest.order', snap.oldest.order],
    ['oldest.rank', snap.oldest.rank],
    ['rows.offsets', snap.rows.offsets],
    ['rows.gids', snap.rows.gids],
    ['rows.base', snap.rows.base],
    ['rows.facetOf', snap.rows.facetOf],
    ['rows.postingOffsets', snap.rows.postingOffsets],
    ['rows.postings', snap.rows.postings],
    ...snap.facets.flatMap((c, f): [string, Int32Array][] => [
      [`facet${f}.offsets`, c.offsets],
      [`facet${f}.ids`, c.ids],
    ]),
  ];
  const arrays: Header['arrays'] = [];
  let bytes = 0;
  for (const [name, array] of parts) {
    arrays.push([name, array instanceof Uint8Array ? 'u8' : 'i32', bytes, array.length]);
    bytes += Math.ceil(array.byteLength / 8) * 8;
  }
  const data = Buffer.alloc(bytes);
  for (const [i, [, array]] of parts.entries()) data.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), arrays[i][2]);
  const header: Header = { size: snap.size, revision: snap.revision, slugs: snap.slugs, values: snap.facets.map((c) => c.values), arrays };
  try {
    sqlite
      .prepare(
        `INSERT INTO search_facet_store (id, key, header, data) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET key = excluded.key, header = excluded.header, data = excluded.data`,
      )
      .run(key, JSON.stringify(header), data);
    return true;
  } catch {
    // Also past SQLite's 1 GB limit on one value (several million initiatives).
    return false;
  }
}

/** The stored key, or null when nothing is stored. */
export function storedKey(sqlite: Database.Database): string | null {
  try {
    return (sqlite.prepare(`SELECT key FROM search_facet_store WHERE id = 1`).pluck().get() as string | undefined) ?? null;
  } catch {
    return null;
  }
}
