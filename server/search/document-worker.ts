// Builds search document rows in a worker thread for a full rebuild (document-thread.ts
// starts it): reads the catalogue over its own connection and sends every published
// initiative's row, a batch at a time in id order, while the main thread indexes the
// batch before. It works ahead only as far as the main thread has asked (credit), so
// batches do not pile up in memory.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readSearchDocumentBatch, searchDocumentRow, type SearchDocumentRow } from './documents.ts';

export interface DocumentWorkerData {
  file: string;
  batchSize: number;
}

/** To the worker: build this many more batches. */
export interface DocumentRequest {
  credit: number;
}

/** From the worker: a batch, the end (rows null), or why it stopped. */
export type DocumentResponse = { rows: SearchDocumentRow[] | null } | { error: string };

const { file, batchSize } = workerData as DocumentWorkerData;
const port = parentPort!;
let db: Database.Database | null = null;
let after = 0;
let credit = 0;
let finished = false;
let running = false;

function open(): Database.Database {
  const connection = new Database(file, { fileMustExist: true });
  connection.pragma('query_only = true');
  connection.pragma('busy_timeout = 10000');
  return connection;
}

function step(): void {
  if (finished || credit === 0) {
    running = false;
    return;
  }
  try {
    db ??= open();
    const docs = readSearchDocumentBatch(db, after, batchSize);
    credit--;
    if (docs.length === 0) {
      finished = true;
      port.postMessage({ rows: null } satisfies DocumentResponse);
    } else {
      after = docs[docs.length - 1].id;
      port.postMessage({ rows: docs.map(searchDocumentRow) } satisfies DocumentResponse);
    }
  } catch (err) {
    finished = true;
    port.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies DocumentResponse);
  }
  setImmediate(step); // lets the next credit in between batches
}

port.on('message', (request: DocumentRequest) => {
  credit += request.credit;
  if (!running) {
    running = true;
    setImmediate(step);
  }
});
