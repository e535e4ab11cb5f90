// The main thread's side of document-worker.ts: every published initiative's search
// document row, built in a worker thread, as the same batches searchDocumentRows gives.
// For a full rebuild, where building the documents (JavaScript: folding, stems) and
// indexing them (SQLite's FTS5, on the thread that holds the transaction) then overlap.
import { Worker } from 'node:worker_threads';
import type { SearchDocumentRow } from './documents.ts';
import type { DocumentRequest, DocumentResponse, DocumentWorkerData } from './document-worker.ts';
import { tsWorkerEntry } from './ts-worker.ts';

/** Batches the worker may build ahead of the one being indexed. */
const AHEAD = 2;

/** A document worker started at once: its rows, and a way to stop it if they are not read to the end. */
export interface DocumentWorker {
  rows: AsyncGenerator<SearchDocumentRow[]>;
  /** Stops the worker (also when the rows were never read); reading the rows to the end stops it too. */
  stop(): Promise<void>;
}

/**
 * Starts the worker now, so its start-up (loading the code and its first batch, about a
 * second at 100,000 initiatives) overlaps whatever the caller does before reading the
 * first batch: the rows of the database `file` (committed state, read over the worker's
 * own connection), `batchSize` at a time in id order. If the worker fails, reading the
 * rows throws with its reason. (Building the first batches in the calling thread meanwhile
 * does not pay: a thread's first batch costs about as much as the worker's start.)
 */
export function startDocumentWorker(file: string, batchSize: number): DocumentWorker {
  const worker = new Worker(tsWorkerEntry(new URL('./document-worker.ts', import.meta.url)), {
    eval: true,
    workerData: { file, batchSize } satisfies DocumentWorkerData,
  });
  const queue: DocumentResponse[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: DocumentResponse) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the document worker stopped (exit code ${code})`);
    notify();
  });
  let stopped: Promise<number> | null = null;
  const stop = async () => {
    worker.removeAllListeners('exit');
    await (stopped ??= worker.terminate());
  };
  worker.postMessage({ credit: AHEAD } satisfies DocumentRequest);
  async function* rows(): AsyncGenerator<SearchDocumentRow[]> {
    try {
      for (;;) {
        while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        const m = queue.shift();
        if (!m) throw new Error(`building the search documents failed: ${failure!.message}`);
        if ('error' in m) throw new Error(`building the search documents failed: ${m.error}`);
        if (m.rows === null) return;
        worker.postMessage({ credit: 1 } satisfies DocumentRequest);
        yield m.rows;
      }
    } finally {
      await stop();
    }
  }
  return { rows: rows(), stop };
}

/**
 * The rows of the database `file` built in a worker (startDocumentWorker), the worker
 * started when the first batch is asked for and stopped when the iteration ends, early or not.
 */
export async function* searchDocumentRowsInWorker(file: string, batchSize: number): AsyncGenerator<SearchDocumentRow[]> {
  const worker = startDocumentWorker(file, batchSize);
  try {
    yield* worker.rows;
  } finally {
    await worker.stop();
  }
}
