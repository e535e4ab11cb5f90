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
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'down' | 'hang' | 'error500' | 'failed-task' | 'writes-ok';

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
}

export class FakeMeili {
  mode: FakeMode;
  readonly requests: RecordedRequest[] = [];
  /** Documents by index, as sent. */
  readonly documents = new Map<string, Map<number, Record<string, unknown>>>();
  readonly indexes = new Set<string>();
  readonly settings = new Map<string, unknown>();
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
    const task: FakeTask = { uid: this.nextTask++, indexUid, status: fails ? 'failed' : 'succeeded', type };
    this.tasks.set(task.uid, task);
    this.send(res, 202, { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() });
  }

  private route(method: string, path: string, body: unknown, res: http.ServerResponse): void {
    const notFound = () => this.send(res, 404, { message: 'not found', code: 'index_not_found', type: 'invalid_request', link: '' });
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/health') return this.send(res, 200, { status: 'available' });
    if ((m = path.match(/^\/tasks\/(\d+)$/)) && method === 'GET') {
      const task = this.tasks.get(Number(m[1]));
      if (!task) return this.send(res, 404, { message: 'no task', code: 'task_not_found', type: 'invalid_request', link: '' });
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
        const docs = this.documents.get(uid) ?? new Map();
        for (const d of body as Record<string, unknown>[]) docs.set(d.id as number, d);
        this.documents.set(uid, docs);
        return this.enqueue(res, uid, 'documentAdditionOrUpdate');
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
      for (const { indexes: [a, b] } of body as { indexes: [string, string] }[]) {
        const da = this.documents.get(a);
        const db = this.documents.get(b);
        if (db) this.documents.set(a, db); else this.documents.delete(a);
        if (da) this.documents.set(b, da); else this.documents.delete(b);
      }
      return this.enqueue(res, null, 'indexSwap');
    }
    // Searching is never played: a fault test must not pass by trusting stub rankings.
    if (path === '/multi-search') return this.send(res, 500, { message: 'the stub does not search', code: 'internal', type: 'internal', link: '' });
    return this.send(res, 404, { message: 'unknown route', code: 'not_found', type: 'invalid_request', link: '' });
  }
}
