// The main thread's side of fts-worker.ts: one worker per engine, started on first use,
// one request at a time in arrival order. While it starts, or if it ever fails, `run`
// returns null and the engine reads FTS5 on the main thread as before, so a search is never
// refused for the worker's sake.
import { Worker } from 'node:worker_threads';
import type { FtsRequest, FtsResponse, FtsWorkerData } from './fts-worker.ts';
import { tsWorkerEntry } from '../ts-worker.ts';

export interface FtsMatch {
  rowids: Int32Array;
  scores: Float64Array | null;
  /** The exact subset's row ids, when the request asked for them and the match set was small. */
  exactIds: Int32Array | null;
}

export class FtsThread {
  private worker: Worker | null = null;
  private state: 'idle' | 'starting' | 'ready' | 'failed' | 'closed' = 'idle';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FtsMatch) => void; reject: (e: Error) => void }>();
  private started: Promise<boolean> | null = null;
  /** Match sets the worker has read. */
  reads = 0;

  constructor(private readonly data: FtsWorkerData) {}

  /** Starts the worker (once); resolves true when it is ready, false if it cannot run. */
  start(): Promise<boolean> {
    if (this.started) return this.started;
    this.state = 'starting';
    this.started = new Promise<boolean>((resolve) => {
      let worker: Worker;
      try {
        // Its heap holds one row and the arrays being filled: bounded well above that.
        worker = new Worker(tsWorkerEntry(new URL('./fts-worker.ts', import.meta.url)), { eval: true, workerData: this.data, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } });
      } catch {
        this.state = 'failed';
        resolve(false);
        return;
      }
      this.worker = worker;
      worker.unref(); // never what keeps a process alive
      worker.on('message', (response: FtsResponse) => {
        if ('ready' in response) {
          if (this.state === 'starting') this.state = 'ready';
          resolve(this.state === 'ready');
          return;
        }
        const waiting = this.pending.get(response.id);
        if (!waiting) return;
        this.pending.delete(response.id);
        if ('error' in response) {
          waiting.reject(new Error(response.error));
        } else {
          this.reads++;
          waiting.resolve(response);
        }
      });
      const fail = (err: Error) => {
        if (this.state !== 'closed') this.state = 'failed';
        for (const waiting of this.pending.values()) waiting.reject(err);
        this.pending.clear();
        resolve(false);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the FTS worker stopped (exit code ${code})`)));
    });
    return this.started;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** For /health: `not-started` until the first text search, then `starting`, `ready`, `failed` or `closed`. */
  get status(): 'not-started' | 'starting' | 'ready' | 'failed' | 'closed' {
    return this.state === 'idle' ? 'not-started' : this.state;
  }

  /**
   * The match set from the worker, or null when the worker cannot take it now (not started
   * yet, or failed): the caller reads FTS5 itself. Starts the worker on first call.
   */
  run(request: Omit<FtsRequest, 'id'>): Promise<FtsMatch> | null {
    if (this.state === 'idle') void this.start();
    if (this.state !== 'ready' || !this.worker) return null;
    const id = this.nextId++;
    return new Promise<FtsMatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ ...request, id } satisfies FtsRequest);
    });
  }

  async close(): Promise<void> {
    this.state = 'closed';
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
