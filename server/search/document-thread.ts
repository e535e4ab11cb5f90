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

/**
 * The rows of the database `file` (committed state, read over the worker's own connection),
 * `batchSize` at a time in id order. The worker stops when the iteration ends, early or not;
 * if it fails, the iteration throws with its reason.
 */
export async function* searchDocumentRowsInWorker(file: string, batchSize: number): AsyncGenerator<SearchDocumentRow[]> {
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
  try {
    worker.postMessage({ credit: AHEAD } satisfies DocumentRequest);
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
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
