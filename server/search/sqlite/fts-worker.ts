// The embedded engine's FTS5 reads, in a worker thread (fts-thread.ts starts it): the match
// set of a text query (row ids, bm25 scores when ranking by relevance, and a small scored
// set's exact subset) over its own connection to the catalogue's SQLite file. A common word
// matches tens of thousands of rows (hundreds of thousands at a million initiatives) and
// FTS5 decodes each before the page can be chosen; here that runs beside the event loop
// instead of stopping it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface FtsWorkerData {
  file: string;
  /** `SELECT rowid, bm25(...) ... MATCH ?` and `SELECT rowid ... MATCH ?`, as the engine prepares them. */
  scoredSql: string;
  rowidSql: string;
  /** Tests only: how long each request waits before it runs (a slow query, played). */
  delayMs?: number;
}

export interface FtsRequest {
  id: number;
  match: string;
  scored: boolean;
  /**
   * The query's exact subset (FtsQuery.exact), read too when a scored match set has fewer
   * than `exactBelow` rows: the ranking reads the whole subset of so few matches
   * (relevanceTop), and here that read is off the event loop.
   */
  exact?: string;
  exactBelow?: number;
}

export type FtsResponse =
  | { id: number; rowids: Int32Array; scores: Float64Array | null; exactIds: Int32Array | null }
  | { id: number; error: string }
  /** Sent once, when the connection is open and the statements prepared. */
  | { ready: true };

const data = workerData as FtsWorkerData;
const db = new Database(data.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('query_only = true');
const scored = db.prepare(data.scoredSql).raw();
const rowids = db.prepare(data.rowidSql).pluck();
const pause = new Int32Array(new SharedArrayBuffer(4));

// Rows are read one at a time into typed arrays that grow by doubling: a common word's
// hundreds of thousands of rows never exist as one array of row objects, so the thread's
// heap stays small (each row is garbage at once, collected young).
function grow<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

function readIds(match: string): Int32Array {
  let ids = new Int32Array(1024);
  let n = 0;
  for (const id of rowids.iterate(match) as IterableIterator<number>) {
    if (n === ids.length) ids = grow(ids);
    ids[n++] = id;
  }
  return ids.slice(0, n);
}

function readScored(match: string): { ids: Int32Array; scores: Float64Array } {
  let ids = new Int32Array(1024);
  let scores = new Float64Array(1024);
  let n = 0;
  for (const [id, score] of scored.iterate(match) as IterableIterator<[number, number]>) {
    if (n === ids.length) {
      ids = grow(ids);
      scores = grow(scores);
    }
    ids[n] = id;
    scores[n++] = score;
  }
  return { ids: ids.slice(0, n), scores: scores.slice(0, n) };
}

/** The scored match set and, when it is small, its exact subset, both from one read transaction. */
const readScoredWithExact = db.transaction((request: FtsRequest) => {
  const read = readScored(request.match);
  const small = request.exact !== undefined && read.ids.length > 0 && read.ids.length < (request.exactBelow ?? 0);
  return { rowids: read.ids, scores: read.scores, exactIds: small ? readIds(request.exact!) : null };
});

parentPort!.on('message', (request: FtsRequest) => {
  try {
    if (data.delayMs) Atomics.wait(pause, 0, 0, data.delayMs);
    let response: FtsResponse;
    if (request.scored) {
      response = { id: request.id, ...readScoredWithExact(request) };
    } else {
      response = { id: request.id, rowids: readIds(request.match), scores: null, exactIds: null };
    }
    const transfer =
      'rowids' in response ? [response.rowids.buffer, response.scores?.buffer, response.exactIds?.buffer].filter((b) => b !== undefined) : [];
    parentPort!.postMessage(response, transfer as ArrayBuffer[]);
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: (err as Error).message } satisfies FtsResponse);
  }
});
parentPort!.postMessage({ ready: true } satisfies FtsResponse);
