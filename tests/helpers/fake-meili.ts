// A small HTTP server on 127.0.0.1 that plays a *failing* Meilisearch, for fault tests
// only. It never ranks or filters: every search is answered with an error, so a test can
// never pass by trusting it. Its write side (index, settings, documents, tasks) can be
// told to succeed, so a test can watch the outbox drain once "Meilisearch" is back.
//
// Modes:
//   'down'        nothing listens on the port (connection refused)
//   'hang'        requests are accepted and never answered (timeouts)
//   'error500'    every request gets HTTP 500
//   'failed-task' health, index and settings work; document tasks end as "failed"
//   'writes-ok'   health, index, settings and documents work; searches still get HTTP 500
//   'hung-task'   like 'writes-ok', but a task's status (GET /tasks/:uid) is never answered
//
// Knobs: `version` (GET /version), `taskDelayMs` (a task reports "processing" this long),
// `indexNotFoundCode` (the error code of a missing index's 404: a proxy's 404 has none),
// `onDocuments` (called with each document write before it is answered).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'down' | 'hang' | 'error500' | 'failed-task' | 'writes-ok' | 'hung-task';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

interface FakeTask {
  uid: number;
  indexUid: string | null;
  status: 'succeeded' | 'failed';
  type: string;
  enqueuedAt: number;
}

export class FakeMeili {
  mode: FakeMode;
  readonly requests: RecordedRequest[] = [];
  /** Documents by index, as sent. */
  readonly documents = new Map<string, Map<number, Record<string, unknown>>>();
  readonly indexes = new Set<string>();
  readonly settings = new Map<string, unknown>();
  version = '1.12.0';
  taskDelayMs = 0;
  indexNotFoundCode = 'index_not_found';
  onDocuments: ((indexUid: string) => void | Promise<void>) | null = null;
  private readonly tasks = new Map<number, FakeTask>();
  private nextTask = 1;
  private server: http.Server | null = null;
  private port = 0;

  private constructor(mode: FakeMode) {
    this.mode = mode;
  }

  /** Reserves a loopback port and starts serving in `mode` (or leaves the port unbound for 'down'). */
  static async start(mode: FakeMode): Promise<FakeMeili> {
    const fake = new FakeMeili(mode);
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    fake.port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    if (mode !== 'down') await fake.listen();
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Switches mode; 'down' stops listening, any other mode starts again on the same port. */
  async setMode(mode: FakeMode): Promise<void> {
    this.mode = mode;
    if (mode === 'down') await this.stopListening();
    else if (!this.server) await this.listen();
  }

  private async listen(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stopListening();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.url);
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization, body });
      if (this.mode === 'hang') return; // never answer
      if (this.mode === 'error500') return this.send(res, 500, { message: 'stub failure', code: 'internal', type: 'internal', link: '' });
      this.route(req.method ?? 'GET', url.pathname, body, res);
    });
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private enqueue(res: http.ServerResponse, indexUid: string | null, type: string, fails = false): void {
    const task: FakeTask = { uid: this.nextTask++, indexUid, status: fails ? 'failed' : 'succeeded', type, enqueuedAt: Date.now() };
    this.tasks.set(task.uid, task);
    this.send(res, 202, { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() });
  }

  private route(method: string, path: string, body: unknown, res: http.ServerResponse): void {
    const notFound = () => this.send(res, 404, { message: 'not found', code: this.indexNotFoundCode, type: 'invalid_request', link: '' });
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/health') return this.send(res, 200, { status: 'available' });
    if (method === 'GET' && path === '/version') return this.send(res, 200, { pkgVersion: this.version, commitSha: 'stub', commitDate: '' });
    if ((m = path.match(/^\/tasks\/(\d+)$/)) && method === 'GET') {
      if (this.mode === 'hung-task') return; // never answer the poll
      const task = this.tasks.get(Number(m[1]));
      if (!task) return this.send(res, 404, { message: 'no task', code: 'task_not_found', type: 'invalid_request', link: '' });
      if (Date.now() - task.enqueuedAt < this.taskDelayMs) {
        return this.send(res, 200, { ...task, status: 'processing', error: null, canceledBy: null, batchUid: null, duration: null, enqueuedAt: '', startedAt: '', finishedAt: null });
      }
      const error = task.status === 'failed' ? { message: 'stub rejected the documents', code: 'invalid_document_fields', type: 'invalid_request', link: '' } : null;
      return this.send(res, 200, { ...task, error, canceledBy: null, batchUid: null, duration: 'PT0S', enqueuedAt: '', startedAt: '', finishedAt: '' });
    }
    if (method === 'POST' && path === '/indexes') {
      const uid = (body as { uid: string }).uid;
      this.indexes.add(uid);
      return this.enqueue(res, uid, 'indexCreation');
    }
    if ((m = path.match(/^\/indexes\/([^/]+)(\/.*)?$/))) {
      const uid = decodeURIComponent(m[1]);
      const rest = m[2] ?? '';
      if (method === 'GET' && rest === '') {
        return this.indexes.has(uid) ? this.send(res, 200, { uid, primaryKey: 'id', createdAt: '', updatedAt: '' }) : notFound();
      }
      if (method === 'DELETE' && rest === '') {
        this.indexes.delete(uid);
        this.documents.delete(uid);
        this.settings.delete(uid);
        return this.enqueue(res, uid, 'indexDeletion');
      }
      if (method === 'PATCH' && rest === '/settings') {
        this.settings.set(uid, body);
        return this.enqueue(res, uid, 'settingsUpdate');
      }
      if (method === 'GET' && rest === '/stats') {
        return this.send(res, 200, { numberOfDocuments: this.documents.get(uid)?.size ?? 0, isIndexing: false, fieldDistribution: {} });
      }
      if (method === 'POST' && rest === '/documents') {
        if (this.mode === 'failed-task') return this.enqueue(res, uid, 'documentAdditionOrUpdate', true);
        const store = () => {
          const docs = this.documents.get(uid) ?? new Map();
          for (const d of body as Record<string, unknown>[]) docs.set(d.id as number, d);
          this.documents.set(uid, docs);
          this.indexes.add(uid); // Meilisearch creates a missing index on a document write
          this.enqueue(res, uid, 'documentAdditionOrUpdate');
        };
        if (this.onDocuments) return void Promise.resolve(this.onDocuments(uid)).then(store);
        return store();
      }
      if (method === 'POST' && rest === '/documents/delete-batch') {
        if (this.mode === 'failed-task') return this.enqueue(res, uid, 'documentDeletion', true);
        for (const id of body as number[]) this.documents.get(uid)?.delete(id);
        return this.enqueue(res, uid, 'documentDeletion');
      }
      if (rest === '/search') return this.send(res, 500, { message: 'the stub does not search', code: 'internal', type: 'internal', link: '' });
      return notFound();
    }
    if (method === 'POST' && path === '/swap-indexes') {
      const swaps = body as { indexes: [string, string] }[];
      // Like the server: both indexes must exist, and documents and settings move together.
      if (swaps.some(({ indexes }) => indexes.some((uid) => !this.indexes.has(uid)))) return this.enqueue(res, null, 'indexSwap', true);
      for (const { indexes: [a, b] } of swaps) {
        for (const map of [this.documents, this.settings] as Map<string, unknown>[]) {
          const va = map.get(a);
          const vb = map.get(b);
          if (vb !== undefined) map.set(a, vb); else map.delete(a);
          if (va !== undefined) map.set(b, va); else map.delete(b);
        }
      }
      return this.enqueue(res, null, 'indexSwap');
    }
    // Searching is never played: a fault test must not pass by trusting stub rankings.
    if (path === '/multi-search') return this.send(res, 500, { message: 'the stub does not search', code: 'internal', type: 'internal', link: '' });
    return this.send(res, 404, { message: 'unknown route', code: 'not_found', type: 'invalid_request', link: '' });
  }
}
