// npm run bench [-- --count 100000 --db data/bench.db --duration 10 --smoke]
//
// Measures the app at scale on this machine and writes docs/benchmarks.md:
// 1. builds (or reuses) a synthetic catalogue with scripts/generate.ts;
// 2. starts the app in a child process on a free port on 127.0.0.1 and times start-up
//    (database open to first request served);
// 3. runs autocannon (bounded in time) at 10 and 50 connections over: a hello route in the
//    same process, the search page rendered from fixed rows, search page and API cases,
//    an initiative page and a CSV export of 1,000 hits;
// 4. in separate child processes, measures one query with all facet counts in-process
//    (no HTTP) for the embedded engine and for Orama on the same documents and queries,
//    plus memory and index build time of each.
// --smoke runs one short case on a tiny catalogue and writes nothing to docs/.
// --scale 100000,1000000 measures growth instead (no HTTP load, no Orama): for each count
// it generates (or reuses) data/bench-<count>.db, times start-up and the full rebuild,
// reads memory and the in-process query table, and writes docs/benchmarks-scale.md with
// how each figure grew from the first count. Long at a million: recorded, not in CI.
//
// Only 127.0.0.1 is ever contacted. Child processes are ended by their own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { generateCatalogue, syntheticCount } from './generate.ts';
import { SOAK_END, SOAK_START, withSoakSection } from './soak.ts';
import { FACETS as FACET_REGISTRY } from '../server/search/facets.ts';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');
const DOC_FILE = path.join(ROOT, 'docs', 'benchmarks.md');

/** The bars this run is held to (the search issue's, plus the earlier ones it keeps). */
export const TARGETS = {
  /** Every search case's throughput as a share of the fixed-rows page's (10 connections). */
  ratio: 0.5,
  /** Every search case's p99 at most this many times the fixed-rows page's p99 (10 connections). */
  p99VsFixed: 2,
  /** At 50 connections, every case's p99 at most this many times its own p50. */
  p99OverP50At50: 5,
  /** In-process: a cold common-word query with all facet counts, median. */
  coldCommonMs: 10,
  /** The search page's HTML, uncompressed. */
  pageKb: 40,
  rebuildS: 30,
  rssMb: 400,
  startupS: 2,
};

// ---------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------

export interface Words {
  rare: string;
  mid: string;
  common: string;
  three: string;
}

export interface SearchCase {
  name: string;
  params: Record<string, string | string[]>;
}

const TWO_FILTERS = { country: 'NO', measure: 'social' };

export function searchCases(words: Words): SearchCase[] {
  return [
    { name: 'empty query, two filters', params: { ...TWO_FILTERS } },
    { name: `rare word (“${words.rare}”)`, params: { q: words.rare } },
    { name: `mid word (“${words.mid}”), two filters`, params: { q: words.mid, ...TWO_FILTERS } },
    { name: `common word (“${words.common}”)`, params: { q: words.common } },
    { name: `three words (“${words.three}”)`, params: { q: words.three } },
    { name: 'prefix “omr”', params: { q: 'omr' } },
    { name: 'prefix “områd”', params: { q: 'områd' } },
  ];
}

function queryString(params: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

/** Words of the wanted document frequencies, read from the FTS5 vocabulary. */
async function pickWords(dbFile: string): Promise<Words & { counts: Record<string, number> }> {
  const { openDatabase } = await import('../db/client.ts');
  const { escapeFtsQuery } = await import('../server/search/text.ts');
  const handle = openDatabase(dbFile, { readonly: true });
  try {
    const s = handle.sqlite;
    const total = s.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
    s.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, search_fts, 'row')`);
    const vocab = s.prepare(`SELECT term, doc FROM temp.bench_vocab WHERE length(term) >= 4`).raw().all() as [string, number][];
    const matches = (q: string) => {
      const m = escapeFtsQuery(q);
      return m === null ? 0 : (s.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH ?`).pluck().get(m) as number);
    };
    const near = (fraction: number, minDocs = 1) => {
      const target = Math.max(minDocs, fraction * total);
      const candidates = vocab
        .filter(([term]) => /^\p{L}+$/u.test(term))
        .sort((a, b) => Math.abs(Math.log(a[1] / target)) - Math.abs(Math.log(b[1] / target)) || (a[0] < b[0] ? -1 : 1))
        .slice(0, 20)
        .map(([term]) => ({ term, n: matches(term) })) // the real query may add glossary synonyms
        .sort((a, b) => Math.abs(Math.log(a.n / target)) - Math.abs(Math.log(b.n / target)) || (a.term < b.term ? -1 : 1));
      return candidates[0].term;
    };
    const rare = near(0.0002, 3);
    const mid = near(0.05);
    const common = near(0.3);
    const three = [near(0.3), near(0.15), near(0.1)].join(' ');
    const counts: Record<string, number> = {};
    for (const w of [rare, mid, common, three, 'omr', 'områd']) counts[w] = matches(w);
    return { rare, mid, common, three, counts };
  } finally {
    handle.close();
  }
}

// ---------------------------------------------------------------------------
// Child: the server
// ---------------------------------------------------------------------------

async function serve(dbFile: string): Promise<void> {
  const started = performance.now();
  const { buildApp } = await import('../server/app.ts');
  const { loadConfig } = await import('../server/config.ts');
  const { presentSearch } = await import('../server/presenters/search.ts');
  const { parseSearchQuery } = await import('../server/schemas/search-query.ts');
  const importsMs = performance.now() - started;

  const t0 = performance.now(); // database open (buildApp opens it) ...
  // A throw-away session secret: the benchmark app serves no editors.
  const SESSION_SECRET = (await import('node:crypto')).randomBytes(32).toString('base64url');
  const config = loadConfig({
    DB_FILE: dbFile,
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    SESSION_SECRET,
    // Measures the app, not its rate limits.
    RATE_LIMIT_SEARCH: '0',
    RATE_LIMIT_API: '0',
    RATE_LIMIT_EXPORT: '0',
  });
  const app = await buildApp({ config, logger: false, seedIfEmpty: false });
  // Bench-only routes, added to the built instance before it listens.
  app.get('/__bench/hello', async () => ({ hello: 'world' }));
  const fixedQuery = parseSearchQuery({}, 'nb');
  const fixedResult = await app.searchEngine.search(fixedQuery);
  const fixedPage = presentSearch(app.db.sqlite, fixedQuery, fixedResult);
  app.get('/__bench/fixed', async (_request, reply) => reply.render('search', { page: fixedPage }));
  app.get('/__bench/memory', async () => process.memoryUsage());
  let cold = false;
  app.post('/__bench/cold', async (request) => {
    cold = (request.query as Record<string, string>).on === '1';
    return { cold };
  });
  app.addHook('onRequest', async () => {
    if (cold) {
      app.answers.clear();
      app.embeddedSearch.clearMatchCache();
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}/`); // ... to first request served
  await res.arrayBuffer();
  const startupMs = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({ ready: true, port, startupMs, importsMs, firstStatus: res.status, rss: process.memoryUsage().rss }) + '\n',
  );
  const close = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close());
  process.on('disconnect', () => void close());
}

// ---------------------------------------------------------------------------
// Child: in-process measurements (one engine per process, so memory is its own)
// ---------------------------------------------------------------------------

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

function memoryNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external includes typed-array buffers
}

function stats(times: number[]): { median: number; p99: number } {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] };
}

interface MeasureCase {
  name: string;
  query: import('../server/search/types.ts').SearchQuery;
}

async function measureCases(words: Words): Promise<MeasureCase[]> {
  const { parseSearchQuery } = await import('../server/schemas/search-query.ts');
  return searchCases(words).map((c) => ({ name: c.name, query: parseSearchQuery(c.params, 'nb') }));
}

async function measureEmbedded(dbFile: string, words: Words, runs: number): Promise<unknown> {
  const { openDatabase } = await import('../db/client.ts');
  const { SqliteSearchEngine } = await import('../server/search/sqlite/engine.ts');
  const { forEachSearchDocumentBatch, ftsColumns, ftsVariants } = await import('../server/search/documents.ts');
  const { releaseWordCaches } = await import('../server/search/text.ts');
  const cases = await measureCases(words);
  const handle = openDatabase(dbFile);
  const s = handle.sqlite;

  // A full rebuild from the catalogue tables: the folded documents, the FTS5 index, and
  // the in-memory facet table.
  let t = performance.now();
  // In batches, as the app's full refresh reads them (a million do not fit the heap at once).
  forEachSearchDocumentBatch(s, 2000, (docs) => {
    for (const d of docs) ftsVariants(ftsColumns(d)); // the variants column (stems, plain spellings) included
  });
  const documentsMs = performance.now() - t;
  releaseWordCaches(); // as the app does after rebuilding every document
  t = performance.now();
  s.prepare(`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`).run();
  const ftsRebuildMs = performance.now() - t;
  // The rebuild as `npm run reindex` runs it: both of the above at once (the documents built
  // in a worker thread while FTS5 indexes the batch before), every other document and the
  // record index, in one transaction.
  const { rebuildEmbeddedIndex } = await import('../server/search/reindex.ts');
  t = performance.now();
  await rebuildEmbeddedIndex(s);
  const reindexMs = performance.now() - t;
  // The searches on a connection of their own, as the app's after `npm run reindex` (FTS5
  // keeps the table of pending terms grown for the rebuild with the connection that wrote
  // it, and walks it on every prefix query there: change-feed.ts, applyToEmbeddedIndex).
  handle.close();
  const searching = openDatabase(dbFile);

  collectGarbage();
  const before = memoryNow();
  const rssBefore = process.memoryUsage().rss;
  const engine = new SqliteSearchEngine(searching.sqlite);
  t = performance.now();
  engine.warm();
  const snapshotMs = performance.now() - t;
  collectGarbage();
  const memoryBytes = memoryNow() - before;
  const rssDelta = process.memoryUsage().rss - rssBefore;

  const results = [];
  for (const c of cases) {
    for (let i = 0; i < 3; i++) engine.searchSync(c.query);
    const cold: number[] = [];
    const warm: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      engine.clearMatchCache();
      const a = performance.now();
      total = engine.searchSync(c.query).total;
      cold.push(performance.now() - a);
    }
    for (let i = 0; i < runs; i++) {
      const a = performance.now();
      engine.searchSync(c.query);
      warm.push(performance.now() - a);
    }
    results.push({ name: c.name, total, cold: stats(cold), warm: stats(warm) });
    process.stderr.write(`bench: embedded ${c.name}: cold ${stats(cold).median.toFixed(1)} ms, warm ${stats(warm).median.toFixed(1)} ms\n`);
  }
  const dbBytes = fs.statSync(dbFile).size;
  searching.close();
  return { documentsMs, ftsRebuildMs, reindexMs, snapshotMs, memoryBytes, rssDelta, dbBytes, results };
}

async function measureOrama(dbFile: string, words: Words, runs: number): Promise<unknown> {
  const { create, insertMultiple, search } = await import('@orama/orama');
  const { openDatabase } = await import('../db/client.ts');
  const { loadSearchDocuments, ftsColumns } = await import('../server/search/documents.ts');
  const { foldText } = await import('../server/search/text.ts');
  const { FACETS: REGISTRY } = await import('../server/search/facets.ts');
  const FACETS = REGISTRY.names;
  const cases = await measureCases(words);
  // The baseline is taken before the documents are loaded: Orama keeps every document it
  // indexes (it returns them as hits), so they are part of what it needs. (A baseline
  // taken after loading them gave a negative figure: the loaded rows were larger than
  // what Orama keeps of them.)
  collectGarbage();
  const before = memoryNow();
  const rssBefore = process.memoryUsage().rss;
  // A facet's field in Orama: its name, except where a text column has that name.
  const field: Record<string, string> = Object.fromEntries(REGISTRY.list.map((f) => [f.name, f.name === 'programme' ? 'programmeSlug' : f.name]));
  const handle = openDatabase(dbFile, { readonly: true });
  const docs = loadSearchDocuments(handle.sqlite).map((d) => {
    const start = d.periodStart ?? d.periodEnd;
    const end = d.periodEnd ?? d.periodStart;
    return {
      id: String(d.id),
      ...ftsColumns(d),
      // Every facet of the registry, by its own values(doc), as the engines get them.
      ...Object.fromEntries(REGISTRY.list.map((f) => [field[f.name], f.multi ? f.values(d) : (f.values(d)[0] ?? '')])),
      lo: start === null || end === null ? -1 : Math.min(start, end),
      hi: start === null || end === null ? -1 : Math.max(start, end),
      newest: d.periodStart ?? -1,
    };
  });
  handle.close();

  let t = performance.now();
  const db = create({
    schema: {
      title: 'string',
      places: 'string',
      programme: 'string',
      body: 'string',
      ...Object.fromEntries(REGISTRY.list.map((f) => [field[f.name], f.multi ? 'enum[]' : 'enum'])),
      lo: 'number',
      hi: 'number',
      newest: 'number',
    } as const,
  });
  await insertMultiple(db, docs, 2000);
  const buildMs = performance.now() - t;
  process.stderr.write(`bench: orama index built in ${(buildMs / 1000).toFixed(1)} s\n`);
  docs.length = 0;
  collectGarbage();
  const memoryBytes = memoryNow() - before;
  const rssDelta = process.memoryUsage().rss - rssBefore;

  type Query = import('../server/search/types.ts').SearchQuery;
  const facetsParam = Object.fromEntries(FACETS.map((f) => [field[f], { limit: 100_000 }]));
  const whereOf = (query: Query, except: string | null) => {
    const where: Record<string, unknown> = {};
    for (const f of FACETS) {
      if (f === except || query.filters[f].length === 0) continue;
      where[field[f]] = f === 'country' || f === 'programme' ? { in: query.filters[f] } : { containsAny: query.filters[f] };
    }
    return where;
  };
  // The same answer as the engines give: hits, total and disjunctive counts (one extra
  // search per filtered facet, leaving that facet's own filter out).
  //
  // Without a text query Orama is called with filters only (`where`, no `term` and no
  // `properties`), as its documentation does for filter-only searches. An earlier version
  // passed `properties` with an empty term: Orama then treats '' as a prefix of every
  // word in the four text indexes and scores every posting of every word (hundreds of
  // millions of entries at 100,000 documents) before filtering, which never finished.
  // Facets are `enum`/`enum[]`, which Orama counts in full (its `limit` only applies to
  // `string` facets), so every value's count is returned, as the embedded engine does.
  const run = async (query: Query) => {
    const term = foldText(query.q).trim();
    const base = term
      ? {
          term,
          properties: ['title', 'places', 'programme', 'body'] as ('title' | 'places' | 'programme' | 'body')[],
          boost: { title: 10, places: 5, programme: 3 },
          threshold: 0,
          limit: query.perPage,
        }
      : { limit: query.perPage, sortBy: { property: 'newest' as const, order: 'DESC' as const } };
    const main = await search(db, { ...base, where: whereOf(query, null) as never, facets: facetsParam as never });
    for (const f of FACETS) {
      if (query.filters[f].length === 0) continue;
      await search(db, { ...base, limit: 0, where: whereOf(query, f) as never, facets: { [field[f]]: { limit: 100_000 } } as never });
    }
    return main.count;
  };
  const results: { name: string; total: number; runs: number; median: number; p99: number }[] = [];
  // A partial result after the build and after every query, so a parent that has to kill
  // this process still reports what was measured.
  const progress = () => process.stdout.write(JSON.stringify({ buildMs, memoryBytes, rssDelta, results }) + '\n');
  progress();
  for (const c of cases) {
    await run(c.query);
    const times: number[] = [];
    let total = 0;
    // At least 3 runs, then stop after `runs` or about 15 s, whichever comes first.
    const budgetEnd = performance.now() + 15_000;
    for (let i = 0; i < runs && (i < 3 || performance.now() < budgetEnd); i++) {
      const a = performance.now();
      total = await run(c.query);
      times.push(performance.now() - a);
    }
    results.push({ name: c.name, total, runs: times.length, ...stats(times) });
    process.stderr.write(`bench: orama ${c.name}: median ${stats(times).median.toFixed(1)} ms over ${times.length} runs\n`);
    progress();
  }
  return { buildMs, memoryBytes, rssDelta, results };
}

// ---------------------------------------------------------------------------
// Parent: orchestration
// ---------------------------------------------------------------------------

function childArgs(args: string[]): string[] {
  return [...process.execArgv, SCRIPT, ...args];
}

/**
 * Runs this script in a child process and returns the last JSON line it prints. With
 * `timeoutS`, the child is killed (by its own handle) after that many seconds and the last
 * JSON line it printed so far (a partial result) is returned with `killedAfterS` set, or
 * null when it printed none.
 */
function runChild(args: string[], extraNodeArgs: string[] = [], timeoutS = 0): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...extraNodeArgs, ...childArgs(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let killed = false;
    const timer =
      timeoutS > 0
        ? setTimeout(() => {
            killed = true;
            process.stderr.write(`bench: child ${args.slice(0, 2).join(' ')} still running after ${timeoutS} s: killing it\n`);
            child.kill('SIGKILL');
          }, timeoutS * 1000)
        : null;
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (killed) {
        try {
          return resolve({ ...(JSON.parse(line) as object), killedAfterS: timeoutS });
        } catch {
          return resolve({ killedAfterS: timeoutS, results: [] });
        }
      }
      if (code !== 0) return reject(new Error(`bench child ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`bench child ${args.join(' ')} printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  startupMs: number;
  firstStatus: number;
  /** Resident memory when the first request had been served. */
  rss: number;
}

/**
 * Starts the app twice: first with the stored facet table removed, so it builds the table
 * as on the first start after a change made while it was stopped (and stores it when
 * stopped here, a few seconds after start otherwise); then
 * again, reading it back as an ordinary restart does. Returns the second, running server.
 */
async function startServerTwice(dbFile: string): Promise<{ server: Server; builtStartupMs: number }> {
  const { openDatabase } = await import('../db/client.ts');
  const handle = openDatabase(dbFile);
  try {
    handle.sqlite.prepare(`DELETE FROM search_facet_store`).run();
  } catch {
    // A database from before migration 0012: nothing is stored yet.
  } finally {
    handle.close();
  }
  const building = await startServer(dbFile);
  await stopServer(building);
  return { server: await startServer(dbFile), builtStartupMs: building.startupMs };
}

function startServer(dbFile: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(['--serve', '--db', dbFile]), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error('the app did not start within 120 s'));
    }, 120_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"ready"'));
      if (line) {
        clearTimeout(timer);
        const info = JSON.parse(line) as { port: number; startupMs: number; firstStatus: number; rss: number };
        resolve({ child, ...info });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited early with ${code}`));
    });
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.removeAllListeners('exit');
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM'); // our own child, by its handle
    setTimeout(() => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }, 10_000).unref();
  });
}

export interface LoadResult {
  name: string;
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  /** Average response size (bytes). */
  bytes: number;
}

async function load(port: number, name: string, urlPath: string, connections: number, duration: number): Promise<LoadResult> {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${urlPath}`,
    connections,
    duration,
    timeout: 10,
  });
  return {
    name,
    path: urlPath,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    bytes: result.requests.average > 0 ? result.throughput.average / result.requests.average : 0,
  };
}

interface Options {
  count: number;
  db: string;
  duration: number;
  smoke: boolean;
  runs: number;
  /** Hard time limit of the Orama child process (build + queries), in seconds. */
  oramaTimeoutS: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      db: { type: 'string' },
      duration: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
      measure: { type: 'string' },
      words: { type: 'string' },
      runs: { type: 'string' },
      'orama-timeout': { type: 'string' },
      scale: { type: 'string' },
    },
    strict: true,
  });
  if (values.serve) return serve(values.db!);
  if (values.measure) {
    const words = JSON.parse(values.words!) as Words;
    const runs = Number(values.runs ?? 30);
    const result = values.measure === 'orama' ? await measureOrama(values.db!, words, runs) : await measureEmbedded(values.db!, words, runs);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  if (values.scale) {
    const counts = values.scale.split(',').map(Number);
    if (counts.length < 2 || counts.some((c) => !Number.isInteger(c) || c < 10)) throw new Error('--scale takes two or more whole numbers of at least 10, e.g. 100000,1000000');
    return runScale(counts, Number(values.runs ?? 20));
  }
  const smoke = values.smoke!;
  const count = Number(values.count ?? (smoke ? 300 : 100_000));
  if (!Number.isInteger(count) || count < 10) throw new Error('--count must be a whole number of at least 10');
  const db = values.db ?? (smoke ? path.join(os.tmpdir(), `omradeloft-bench-smoke-${process.pid}.db`) : 'data/bench.db');
  const options: Options = {
    count,
    db,
    duration: Number(values.duration ?? (smoke ? 1 : 10)),
    smoke,
    runs: Number(values.runs ?? (smoke ? 3 : 40)),
    oramaTimeoutS: Number(values['orama-timeout'] ?? 360),
  };
  await runBench(options);
}

async function runBench(o: Options): Promise<void> {
  const log = (line: string) => console.log(`bench: ${line}`);
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  let generatedS: number | null = null;
  if (syntheticCount(o.db) !== o.count) {
    log(`generating ${o.count} synthetic initiatives into ${o.db}`);
    generatedS = generateCatalogue(o.db, { count: o.count, force: true, log: (l) => log(l) }).seconds;
  } else log(`reusing ${o.db} (${o.count} synthetic initiatives)`);
  const words = await pickWords(o.db);
  log(`words: rare “${words.rare}” (${words.counts[words.rare]}), mid “${words.mid}” (${words.counts[words.mid]}), common “${words.common}” (${words.counts[words.common]}), three “${words.three}” (${words.counts[words.three]})`);

  const { server, builtStartupMs } = await startServerTwice(o.db);
  log(`app up on 127.0.0.1:${server.port}; start-up ${server.startupMs.toFixed(0)} ms reading the stored facet table, ${builtStartupMs.toFixed(0)} ms building it (first response ${server.firstStatus})`);
  const results: LoadResult[] = [];
  const cold: LoadResult[] = [];
  let appMemory: NodeJS.MemoryUsage | null = null;
  try {
    const cases = searchCases(words);
    const slug = `syn-${String(Math.ceil(o.count / 2)).padStart(7, '0')}`;
    const all: { name: string; path: string; search?: boolean }[] = [
      { name: 'hello (same process)', path: '/__bench/hello' },
      { name: 'search page from fixed rows', path: '/__bench/fixed' },
      ...cases.map((c) => ({ name: `page: ${c.name}`, path: `/?${queryString(c.params)}`, search: true })),
      ...cases.map((c) => ({ name: `API: ${c.name}`, path: `/api/v1/initiatives?${queryString(c.params)}`, search: true })),
      { name: 'initiative page', path: `/initiatives/${slug}` },
      { name: 'CSV export, 1,000 hits', path: `/export.csv?limit=1000` },
    ];
    const plan = o.smoke ? [all[2 + 2]] : all;
    for (const connections of o.smoke ? [10] : [10, 50]) {
      for (const c of plan) {
        const r = await load(server.port, c.name, c.path, connections, connections === 10 ? o.duration : Math.max(1, Math.round(o.duration / 2)));
        results.push(r);
        log(`${String(connections).padStart(2)} conns  ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors + r.non2xx}  ${c.name}`);
      }
    }
    if (!o.smoke) {
      // Every search again with the answer cache and the match-set cache emptied before
      // every request: what a search nobody has made since the index last changed costs.
      await fetch(`http://127.0.0.1:${server.port}/__bench/cold?on=1`, { method: 'POST' });
      for (const c of all.filter((x) => x.search)) {
        const r = await load(server.port, `${c.name} (caches off)`, c.path, 10, Math.max(1, Math.round(o.duration / 2)));
        cold.push(r);
        log(`10 conns  ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (caches off) ${c.name}`);
      }
      await fetch(`http://127.0.0.1:${server.port}/__bench/cold?on=0`, { method: 'POST' });
    }
    appMemory = (await (await fetch(`http://127.0.0.1:${server.port}/__bench/memory`)).json()) as NodeJS.MemoryUsage;
  } finally {
    await stopServer(server);
  }

  let embedded: EmbeddedMeasure | null = null;
  let orama: OramaMeasure | null = null;
  if (!o.smoke) {
    log('measuring the embedded engine in-process');
    embedded = (await runChild(['--measure', 'embedded', '--db', o.db, '--words', JSON.stringify(words), '--runs', String(o.runs)])) as EmbeddedMeasure;
    log('measuring Orama in-process (building its index takes a while)');
    try {
      orama = (await runChild(
        ['--measure', 'orama', '--db', o.db, '--words', JSON.stringify(words), '--runs', String(Math.max(5, Math.round(o.runs / 2)))],
        ['--max-old-space-size=6144'],
        o.oramaTimeoutS,
      )) as OramaMeasure;
      if (orama.killedAfterS) log(`Orama stopped after ${orama.killedAfterS} s; ${orama.results?.length ?? 0} of 7 queries measured`);
    } catch (err) {
      log(`Orama failed: ${(err as Error).message}`);
    }
  }

  const report = {
    startedAt,
    finishedAt: new Date(),
    loadBefore,
    loadAfter: os.loadavg(),
    options: o,
    generatedS,
    words,
    startupMs: server.startupMs,
    builtStartupMs,
    appMemory,
    results,
    cold,
    embedded,
    orama,
  };
  if (o.smoke) {
    process.stdout.write(JSON.stringify({ smoke: true, startupMs: server.startupMs, results, rss: appMemory?.rss }) + '\n');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(o.db + suffix, { force: true });
    return;
  }
  const markdown = renderReport(report);
  fs.mkdirSync(path.dirname(DOC_FILE), { recursive: true });
  // The soak section (npm run soak -- --record) is kept.
  const previous = fs.existsSync(DOC_FILE) ? fs.readFileSync(DOC_FILE, 'utf8') : '';
  const soak = previous.slice(previous.indexOf(SOAK_START), previous.indexOf(SOAK_END) + SOAK_END.length);
  fs.writeFileSync(DOC_FILE, previous.includes(SOAK_START) && previous.includes(SOAK_END) ? withSoakSection(markdown, `${soak}\n`) : markdown);
  log(`wrote ${path.relative(process.cwd(), DOC_FILE)}`);
  console.log(markdown.split('\n## Targets')[1] ? `\n## Targets${markdown.split('\n## Targets')[1].split('\n## ')[0]}` : '');
}

// ---------------------------------------------------------------------------
// Growth: the same measures at several sizes
// ---------------------------------------------------------------------------

const SCALE_FILE = path.join(ROOT, 'docs', 'benchmarks-scale.md');

interface ScaleRow {
  count: number;
  generatedS: number | null;
  words: Words & { counts: Record<string, number> };
  /** Start-up reading the stored facet table, and building it. */
  startupMs: number;
  builtStartupMs: number;
  startRssMb: number;
  embedded: EmbeddedMeasure;
}

async function runScale(counts: number[], runs: number): Promise<void> {
  const log = (line: string) => console.log(`bench: ${line}`);
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows: ScaleRow[] = [];
  for (const count of counts) {
    const db = path.join('data', `bench-${count}.db`);
    let generatedS: number | null = null;
    if (syntheticCount(db) !== count) {
      log(`generating ${count} synthetic initiatives into ${db}`);
      generatedS = generateCatalogue(db, { count, force: true, log: (l) => log(l) }).seconds;
    } else log(`reusing ${db}`);
    const words = await pickWords(db);
    const { server, builtStartupMs } = await startServerTwice(db);
    log(`${count}: start-up ${server.startupMs.toFixed(0)} ms (${builtStartupMs.toFixed(0)} ms building the facet table), RSS ${mb(server.rss)}`);
    await stopServer(server);
    log(`${count}: measuring the embedded engine in-process`);
    const embedded = (await runChild(['--measure', 'embedded', '--db', db, '--words', JSON.stringify(words), '--runs', String(runs)])) as EmbeddedMeasure;
    rows.push({ count, generatedS, words, startupMs: server.startupMs, builtStartupMs, startRssMb: server.rss / 1024 / 1024, embedded });
  }
  fs.writeFileSync(SCALE_FILE, renderScale({ startedAt, finishedAt: new Date(), loadBefore, loadAfter: os.loadavg(), runs, rows }));
  log(`wrote ${path.relative(process.cwd(), SCALE_FILE)}`);
}

function renderScale(r: { startedAt: Date; finishedAt: Date; loadBefore: number[]; loadAfter: number[]; runs: number; rows: ScaleRow[] }): string {
  const [base] = r.rows;
  const n = (x: number) => x.toLocaleString('en');
  const grew = (a: number, b: number) => (a > 0 ? `${(b / a).toFixed(1)} ×` : '–');
  const rebuild = (x: ScaleRow) => (x.embedded.reindexMs + x.embedded.snapshotMs) / 1000;
  const cpus = os.cpus();
  const lines = [
    '# Benchmarks: growth with the catalogue',
    '',
    `Written by \`npm run bench -- --scale ${r.rows.map((x) => x.count).join(',')}\` (scripts/bench.ts) on ${r.startedAt.toISOString()} (finished ${r.finishedAt.toISOString()}). Do not edit by hand: run it again. Long at a million initiatives, so recorded here rather than run in CI.`,
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'}, ${mb(os.totalmem())}, Node ${process.version}; load average (1/5/15 min) before ${r.loadBefore.map((x) => x.toFixed(2)).join(' / ')}, after ${r.loadAfter.map((x) => x.toFixed(2)).join(' / ')} (other work on the machine shows up here). ` +
      'Synthetic catalogues from scripts/generate.ts (seed 1); the query words are picked per catalogue at the same document frequencies (rare, ~5 %, ~30 %), so they are comparable across sizes. No HTTP load and no Orama here: docs/benchmarks.md has those at 100,000.',
    '',
    `| | ${r.rows.map((x) => n(x.count)).join(' | ')} | ${r.rows.slice(1).map((x) => `growth to ${n(x.count)}`).join(' | ')} |`,
    `|---|${r.rows.map(() => '---:').join('|')}|${r.rows.slice(1).map(() => '---:').join('|')}|`,
  ];
  const row = (label: string, value: (x: ScaleRow) => number, fmt: (v: number) => string) =>
    lines.push(`| ${label} | ${r.rows.map((x) => fmt(value(x))).join(' | ')} | ${r.rows.slice(1).map((x) => grew(value(base), value(x))).join(' | ')} |`);
  row('Start-up (database open to first page served), s', (x) => x.startupMs / 1000, (v) => v.toFixed(2));
  row('Start-up building the facet table (nothing stored for this revision), s', (x) => x.builtStartupMs / 1000, (v) => v.toFixed(2));
  row('App resident memory after the first page, MB', (x) => x.startRssMb, (v) => v.toFixed(0));
  row('Rebuild: folded documents alone, s', (x) => x.embedded.documentsMs / 1000, (v) => v.toFixed(1));
  row('Rebuild: FTS5 index alone, s', (x) => x.embedded.ftsRebuildMs / 1000, (v) => v.toFixed(1));
  row('Rebuild: the two at once, as `npm run reindex` does (documents built in a worker thread), s', (x) => x.embedded.reindexMs / 1000, (v) => v.toFixed(1));
  row('Rebuild: facet table, s', (x) => x.embedded.snapshotMs / 1000, (v) => v.toFixed(1));
  row('Rebuild in all (reindex + facet table), s', rebuild, (v) => v.toFixed(1));
  row('Facet table memory (heap + buffers), MB', (x) => x.embedded.memoryBytes / 1024 / 1024, (v) => v.toFixed(0));
  row('SQLite file, MB', (x) => x.embedded.dbBytes / 1024 / 1024, (v) => v.toFixed(0));
  lines.push('', `## In-process: one query with all facet counts (median / p99 ms of ${r.runs} runs; cold empties the match-set cache first)`, '');
  lines.push(`| Query | ${r.rows.map((x) => `${n(x.count)}: hits, cold, warm`).join(' | ')} | ${r.rows.slice(1).map((x) => `cold median growth to ${n(x.count)}`).join(' | ')} |`);
  lines.push(`|---|${r.rows.map(() => '---:').join('|')}|${r.rows.slice(1).map(() => '---:').join('|')}|`);
  base.embedded.results.forEach((q, i) => {
    const label = q.name.replace(/ ?\(“[^”]*”\)/, '');
    const cells = r.rows.map((x) => {
      const y = x.embedded.results[i];
      return `${n(y.total)}, ${ms(y.cold.median)} / ${ms(y.cold.p99)}, ${ms(y.warm.median)} / ${ms(y.warm.p99)}`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} | ${r.rows.slice(1).map((x) => grew(q.cold.median, x.embedded.results[i].cold.median)).join(' | ')} |`);
  });
  lines.push('', 'Words used:', '');
  for (const x of r.rows) lines.push(`- ${n(x.count)}: rare “${x.words.rare}”, mid “${x.words.mid}”, common “${x.words.common}”, three “${x.words.three}”${x.generatedS !== null ? ` (generated in ${x.generatedS.toFixed(0)} s for this run)` : ''}`);
  lines.push('');
  return lines.join('\n') + '\n';
}

interface EmbeddedMeasure {
  /** Building the folded documents alone, and FTS5's own 'rebuild' alone. */
  documentsMs: number;
  ftsRebuildMs: number;
  /** rebuildEmbeddedIndex: the two at once, as `npm run reindex` does it. */
  reindexMs: number;
  snapshotMs: number;
  memoryBytes: number;
  rssDelta: number;
  dbBytes: number;
  results: { name: string; total: number; cold: { median: number; p99: number }; warm: { median: number; p99: number } }[];
}

interface OramaMeasure {
  /** Set when the measuring process was killed at the time limit (results are partial). */
  killedAfterS?: number;
  buildMs: number;
  memoryBytes: number;
  rssDelta: number;
  results: { name: string; total: number; runs: number; median: number; p99: number }[];
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const yes = (ok: boolean) => (ok ? '**met**' : '**missed**');

function renderReport(r: {
  startedAt: Date;
  finishedAt: Date;
  loadBefore: number[];
  loadAfter: number[];
  options: Options;
  generatedS: number | null;
  words: Words & { counts: Record<string, number> };
  startupMs: number;
  builtStartupMs: number;
  appMemory: NodeJS.MemoryUsage | null;
  results: LoadResult[];
  cold: LoadResult[];
  embedded: EmbeddedMeasure | null;
  orama: OramaMeasure | null;
}): string {
  const cpus = os.cpus();
  const fixed = (c: number) => r.results.find((x) => x.connections === c && x.name === 'search page from fixed rows')!;
  const isSearch = (x: LoadResult) => x.name.startsWith('page: ') || x.name.startsWith('API: ');
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (scripts/bench.ts) on ${r.startedAt.toISOString()} (finished ${r.finishedAt.toISOString()}). Do not edit by hand: run it again.`,
    '',
    'The knowledge model before and after (against release 0.1.0, interleaved on the same 100,000 initiatives) is in `docs/benchmarks-model.md`, written by hand from those runs.',
    '',
    '## Machine',
    '',
    `- CPU: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'} (${cpus[0]?.speed ?? '?'} MHz)`,
    `- Memory: ${mb(os.totalmem())} total, ${mb(os.freemem())} free at the end`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()}); Node ${process.version}`,
    `- Load average (1/5/15 min) before: ${r.loadBefore.map((x) => x.toFixed(2)).join(' / ')}; after: ${r.loadAfter.map((x) => x.toFixed(2)).join(' / ')}. ` +
      'The load generator (autocannon) runs on the same 2 cores as the app, and other work on the machine shows up here: compare rows within one run.',
    '',
    '## Data',
    '',
    `${r.options.count.toLocaleString('en')} synthetic initiatives (scripts/generate.ts, seed 1: nb/sv/da/en text with a Zipf-like word spread, the real vocabularies, 40 programmes, 400 areas)` +
      (r.generatedS !== null ? `, generated in ${r.generatedS.toFixed(1)} s for this run.` : ', reused from an earlier run.'),
    '',
    '| Query | Words | FTS5 matches |',
    '|---|---|---:|',
    `| rare | ${r.words.rare} | ${r.words.counts[r.words.rare]} |`,
    `| mid (~5 %) | ${r.words.mid} | ${r.words.counts[r.words.mid]} |`,
    `| common (~30 %) | ${r.words.common} | ${r.words.counts[r.words.common]} |`,
    `| three words | ${r.words.three} | ${r.words.counts[r.words.three]} |`,
    `| prefix | omr | ${r.words.counts.omr} |`,
    `| prefix | områd | ${r.words.counts['områd']} |`,
    '',
    `"Two filters" is \`country=NO&measure=social\`. Every search returns the first 20 hits and every facet's counts (${FACET_REGISTRY.names.length} facets, disjunctive).`,
    '',
    '## HTTP (autocannon, 127.0.0.1)',
    '',
    `${r.options.duration} s per case at 10 connections, ${Math.max(1, Math.round(r.options.duration / 2))} s at 50. Requests are sent without \`Accept-Encoding\`, so nothing is compressed. ` +
      'Each case repeats one URL, so after the first request the answer comes from the answer cache (`SEARCH_ANSWER_CACHE_MB`: finished pages, fragments and API results, kept until the index changes): these two tables are what a repeated search costs (paging back, a filter clicked again, the searches many people make). The "caches off" table below empties the answer cache and the engine\'s match-set cache before every request: what a search nobody has made since the index last changed costs (FTS5, the filters, all counts and the render every time).',
    '',
  );
  for (const c of [10, 50]) {
    const base = fixed(c);
    push(`### ${c} connections`, '', '| Case | req/s | p50 ms | p99 ms | errors | size KB | vs fixed rows |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const x of r.results.filter((y) => y.connections === c)) {
      const ratio = isSearch(x) ? `${((x.rps / base.rps) * 100).toFixed(0)} %` : '';
      push(`| ${x.name} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p99} | ${x.errors + x.non2xx} | ${(x.bytes / 1024).toFixed(0)} | ${ratio} |`);
    }
    push('');
  }
  if (r.cold.length) {
    const base = fixed(10);
    push('### 10 connections, answer cache and match-set cache emptied before every request', '', '| Case | req/s | p50 ms | p99 ms | errors | vs fixed rows |', '|---|---:|---:|---:|---:|---:|');
    for (const x of r.cold) push(`| ${x.name} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p99} | ${x.errors + x.non2xx} | ${((x.rps / base.rps) * 100).toFixed(0)} % |`);
    push('');
  }
  const e = r.embedded;
  const o = r.orama && r.orama.buildMs !== undefined ? r.orama : null;
  if (e) {
    push(
      '## In-process: one query with all facet counts (no HTTP)',
      '',
      `Median and p99 of ${r.options.runs} runs each (Orama: up to ${Math.max(5, Math.round(r.options.runs / 2))}, stopped after about 15 s per query with at least 3; the run count is in the table). Embedded "cold" empties the match-set cache and the kept counting passes before each run (FTS5 and the counting pass run every time); "warm" does not (a repeat, or another page or order of the same search). ` +
        'Orama gets the same folded text columns (same BM25 field weights), the same facet values, AND semantics (threshold 0) and prefix matching; for disjunctive counts it runs one extra search per filtered facet, as the embedded engine gets them in its one pass. Without words it gets the filters only (`where`, newest first), as its documentation does. Its default tokenizer differs from FTS5\'s, and with threshold 0 it wants every word in one field where FTS5 accepts them across fields, so totals differ somewhat. ' +
        `The Orama process (documents, index build and queries) has a hard limit of ${r.options.oramaTimeoutS} s; ` +
        (r.orama?.killedAfterS
          ? `**it was killed at that limit in this run**: ${o ? `its index was built, and ${o.results.length} of ${e.results.length} queries were measured before that` : 'before its index was built'}.`
          : 'it finished within it in this run.') +
        ' Orama\'s memory is measured from before its documents are loaded, so it includes the documents it keeps (it returns them as hits); the embedded engine\'s texts stay in the SQLite file.',
      '',
      '| Query | embedded total | embedded cold median / p99 ms | embedded warm median / p99 ms | Orama total | Orama median / p99 ms (runs) |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const x of e.results) {
      const y = o?.results.find((z) => z.name === x.name);
      push(
        `| ${x.name} | ${x.total} | ${ms(x.cold.median)} / ${ms(x.cold.p99)} | ${ms(x.warm.median)} / ${ms(x.warm.p99)} | ${y ? y.total : '–'} | ${y ? `${ms(y.median)} / ${ms(y.p99)} (${y.runs})` : '–'} |`,
      );
    }
    push(
      '',
      '| | embedded (SQLite FTS5 + facet table) | Orama |',
      '|---|---:|---:|',
      `| Index build from scratch | FTS5 rebuild ${(e.ftsRebuildMs / 1000).toFixed(1)} s + facet table ${(e.snapshotMs / 1000).toFixed(1)} s = ${((e.ftsRebuildMs + e.snapshotMs) / 1000).toFixed(1)} s | ${o ? `${(o.buildMs / 1000).toFixed(1)} s` : '–'} |`,
      `| JavaScript memory of the index (heap + buffers) | ${mb(e.memoryBytes)} | ${o ? mb(o.memoryBytes) : '–'} |`,
      `| RSS growth while building | ${mb(e.rssDelta)} | ${o ? mb(o.rssDelta) : '–'} |`,
      `| On disk | ${mb(e.dbBytes)} SQLite file (catalogue + FTS5; read through the OS page cache) | none (in memory only) |`,
      '',
      `Building the folded documents from the catalogue tables (the text columns are the shared input for both; the embedded engine’s variants column of stems and plain spellings is included) took ${(e.documentsMs / 1000).toFixed(1)} s.`,
      '',
    );
  }

  // Targets
  const at10 = r.results.filter((x) => x.connections === 10 && isSearch(x));
  const base10 = fixed(10);
  const missesBar = (x: LoadResult) => x.rps / base10.rps < TARGETS.ratio || x.p99 > TARGETS.p99VsFixed * base10.p99;
  const slow = at10.filter(missesBar);
  const slowCold = r.cold.filter(missesBar);
  const at50 = r.results.filter((x) => x.connections === 50);
  const starved = at50.filter((x) => x.p99 > TARGETS.p99OverP50At50 * Math.max(1, x.p50));
  const pages = r.results.filter((x) => x.connections === 10 && x.name.startsWith('page: '));
  const heavy = pages.filter((x) => x.bytes / 1024 > TARGETS.pageKb);
  const common = e?.results.find((x) => x.name.startsWith('common word'));
  const rebuildS = e ? (e.reindexMs + e.snapshotMs) / 1000 : NaN;
  const rssMb = r.appMemory ? r.appMemory.rss / 1024 / 1024 : NaN;
  const fasterThanOrama = e && o ? e.results.filter((x) => { const y = o.results.find((z) => z.name === x.name); return y && x.cold.median < y.median; }).length : 0;
  const oramaOk = !!(e && o && fasterThanOrama === e.results.length && e.memoryBytes <= o.memoryBytes);
  const kb = (x: LoadResult) => (x.bytes / 1024).toFixed(0);
  push(
    '## Targets',
    '',
    '| Target | Result | |',
    '|---|---|---|',
    `| Every search case (page and API) ≥ ${TARGETS.ratio * 100} % of the fixed-rows page's throughput and p99 ≤ ${TARGETS.p99VsFixed} × its p99 (10 connections), repeated | ${at10.length - slow.length} of ${at10.length} cases; fixed rows ${base10.rps.toFixed(0)} req/s, p99 ${base10.p99} ms | ${yes(slow.length === 0)} |`,
    `| The same, with the answer and match-set caches emptied before every request | ${r.cold.length ? `${r.cold.length - slowCold.length} of ${r.cold.length} cases` : 'not measured'} | ${yes(r.cold.length > 0 && slowCold.length === 0)} |`,
    `| At 50 connections, every case's p99 ≤ ${TARGETS.p99OverP50At50} × its p50 | ${at50.length - starved.length} of ${at50.length} cases | ${yes(at50.length > 0 && starved.length === 0)} |`,
    `| In-process, a cold common-word query with all facet counts ≤ ${TARGETS.coldCommonMs} ms median | ${common ? `${ms(common.cold.median)} ms (“${r.words.common}”, ${common.total} hits)` : 'not measured'} | ${yes(!!common && common.cold.median <= TARGETS.coldCommonMs)} |`,
    `| Embedded in-process median faster than Orama on every query, with no more memory | ${e && o ? `faster on ${fasterThanOrama} of ${e.results.length} (cold)${o.results.length < e.results.length ? `; Orama measured on ${o.results.length} only` : ''}; memory ${mb(e.memoryBytes)} vs ${mb(o.memoryBytes)}` : 'Orama not measured'} | ${yes(oramaOk)} |`,
    `| The search page's HTML ≤ ${TARGETS.pageKb} KB uncompressed | ${pages.length ? `${Math.min(...pages.map((x) => x.bytes / 1024)).toFixed(0)}–${Math.max(...pages.map((x) => x.bytes / 1024)).toFixed(0)} KB over ${pages.length} cases` : 'not measured'} | ${yes(pages.length > 0 && heavy.length === 0)} |`,
    `| Full index rebuild of ${r.options.count.toLocaleString('en')} < ${TARGETS.rebuildS} s | ${rebuildS.toFixed(1)} s (\`npm run reindex\`'s rebuild ${e ? (e.reindexMs / 1000).toFixed(1) : '?'} s + facet table) | ${yes(rebuildS < TARGETS.rebuildS)} |`,
    `| App resident memory < ${TARGETS.rssMb} MB | ${rssMb.toFixed(0)} MB after the load tests | ${yes(rssMb < TARGETS.rssMb)} |`,
    `| Start-up (database open to first request served) < ${TARGETS.startupS} s | ${(r.startupMs / 1000).toFixed(2)} s reading the stored facet table; ${(r.builtStartupMs / 1000).toFixed(2)} s when it builds it (the first start after a change made while the app was stopped, or after an upgrade) | ${yes(r.startupMs / 1000 < TARGETS.startupS)} |`,
    '',
  );
  for (const [heading, missed] of [['Search cases that missed at 10 connections (repeated):', slow], ['Search cases that missed at 10 connections with the caches emptied:', slowCold]] as const) {
    if (!missed.length) continue;
    push(heading, '');
    for (const x of missed) push(`- ${x.name}: ${x.rps.toFixed(0)} req/s (${((x.rps / base10.rps) * 100).toFixed(0)} %), p99 ${x.p99} ms (${(x.p99 / Math.max(1, base10.p99)).toFixed(1)} × fixed rows)`);
    push('');
  }
  if (starved.length) {
    push('Cases whose p99 exceeded 5 × their p50 at 50 connections:', '');
    for (const x of starved) push(`- ${x.name}: p50 ${x.p50} ms, p99 ${x.p99} ms (${(x.p99 / Math.max(1, x.p50)).toFixed(1)} ×)`);
    push('');
  }
  if (heavy.length) {
    push(`Search pages over ${TARGETS.pageKb} KB:`, '');
    for (const x of heavy) push(`- ${x.name}: ${kb(x)} KB`);
    push('');
  }
  push(...analysis(r, { slow: slow.length ? slow : slowCold, base10, rebuildS, rssMb, oramaOk, starved, heavy, commonColdMs: common ? common.cold.median : null }));
  return lines.join('\n') + '\n';
}

/** Why each miss happened and what would close it, from this run's numbers. */
function analysis(
  r: Parameters<typeof renderReport>[0],
  m: { slow: LoadResult[]; base10: LoadResult; rebuildS: number; rssMb: number; oramaOk: boolean; starved: LoadResult[]; heavy: LoadResult[]; commonColdMs: number | null },
): string[] {
  const out: string[] = ['## Why, and what would close each miss', ''];
  const e = r.embedded;
  const o = r.orama && r.orama.buildMs !== undefined ? r.orama : null;
  if (m.slow.length) {
    const worst = [...m.slow].sort((a, b) => a.rps - b.rps)[0];
    const serviceMs = 1000 / worst.rps;
    const engineCase = e?.results.find((x) => worst.name.endsWith(x.name) || worst.name.includes(x.name));
    const uncachedOnly = m.slow.every((x) => x.name.endsWith('(caches off)'));
    out.push(
      `**Search throughput and p99.** ` +
        (uncachedOnly
          ? 'A repeated search meets the bar: it is answered from the answer cache (the first two tables). A search nobody has made since the index last changed does not: '
          : '') +
        `The slowest case, "${worst.name}", served ${worst.rps.toFixed(0)} req/s: about ${serviceMs.toFixed(1)} ms of one core per request` +
        (engineCase
          ? `, of which the engine's search with all counts took ${ms(engineCase.warm.median)} ms (warm) or ${ms(engineCase.cold.median)} ms (FTS5 every time) in-process.`
          : '.') +
        ` Its responses average ${(worst.bytes / 1024).toFixed(0)} KB. With 10 connections on one event loop, a request waits for the ~9 ahead of it, so p99 is roughly 10 × the service time: within ${TARGETS.p99VsFixed} × the fixed-rows page's p99 (${TARGETS.p99VsFixed * m.base10.p99} ms) needs a service time within about ${TARGETS.p99VsFixed} × the fixed-rows page's (${((TARGETS.p99VsFixed * 1000) / m.base10.rps).toFixed(1)} ms) including rendering, on a core that autocannon shares.`,
      '',
      'Where the rest of the time goes (in-process through `app.inject`, one request at a time, on the same data, with the answer and match-set caches emptied, profiled with the V8 inspector; not part of this script): a rare-word page took about 4.6 ms, of which the engine\'s search 0.4 ms, building the page model (`presentSearch`) 2.1 ms (the 20 hit rows 0.8 ms, highlighting and snippets 0.5 ms, the facet groups 0.3 ms, matching areas, programmes and talks 0.2 ms), the Eta render 0.45 ms, Fastify and the injected request about 1 ms and garbage collection about 0.7 ms; the empty query with two filters adds a counting pass of about 5 ms, which visits every entry that passes one of the two filters (here most of the catalogue) and each of its facet values. So even the cheapest search page costs several milliseconds of one core, and autocannon shares the two cores. What would close it, cheapest first:',
      '',
      'A new page or order of a search already counted reuses its counting pass (kept per facet table beside the match sets, up to 128 searches; emptied with them in the "caches off" runs): paging the empty query with two filters takes about 0.2 ms in the engine instead of 3 ms.',
      '',
      '1. Cache rendered facet blocks per (counts, locale): the facet groups only change with the words and filters, not with the page or sort, so paging through a new search would render them once.',
      '2. For common words with relevance sort (no cache hit), bm25 over tens of thousands of FTS5 rows is the floor (about 1.3 µs per matching row here): the match-set cache hides it for repeated words and for facet clicks/paging on the same words, and the FTS5 read runs in a worker thread (\`SEARCH_FTS_WORKER\`), so it no longer holds up other requests, but it still takes that long: an impact-ordered index (below) would shorten it.',
      '3. Run one app instance per core (two here) behind the load balancer described in docs/architecture.md; this machine also runs the load generator.',
      '',
    );
  }
  if (m.commonColdMs !== null && m.commonColdMs > TARGETS.coldCommonMs) {
    out.push(
      `**A cold common word.** ${ms(m.commonColdMs)} ms against ${TARGETS.coldCommonMs} ms: FTS5 decodes the doclist of every matching row and computes bm25 for each before the top 20 can be chosen (about 1–1.5 µs per matching row here), and the counts need the whole match set. Measured apart on a quiet machine (not part of this script), for 30,625 rows of one word\'s prefix in the text columns: the row ids alone 2.5 ms; with bm25 20 ms, of which about 2.3 ms per phrase to weigh it (bm25 first counts every row that holds the phrase) and about 0.6 µs per row (mostly reading each row\'s column lengths); the query also matches the word's other stems as whole words (two phrases in all: the prefix over every column and the stem). The words as typed, ranked first, are probed for the hits that reach the page instead of being read for every matching row. ` +
        'Repeats are answered from the match-set cache (the "warm" column). Closing it cold needs a top-k that skips rows which cannot reach the first page: an in-memory, impact-ordered inverted index with block-max WAND (or precomputed rankings for the most frequent words, kept current by the change feed), with the match set for the counts taken from the postings rather than from FTS5.',
      '',
    );
  }
  if (m.heavy.length) {
    out.push(
      `**Page size.** ${m.heavy.length} search page case(s) over ${TARGETS.pageKb} KB (largest ${Math.max(...m.heavy.map((x) => x.bytes / 1024)).toFixed(0)} KB). Eight filter groups list their five values with most hits and the chosen ones as boxes (about 200 bytes a value with its name and count, 1.2–1.9 KB a group with its help line and links); the five less used groups (decade, continuation, organisation, evidence, status) are one link each to their own page (GET /filters/:facet, every value and what each means) until a value in them is chosen; a hit is about 0.9 KB (title, place, period, a summary of at most 240 characters, compare link, tags). What is left to take: fewer groups as boxes, fewer values per group or fewer hits per page, each something off the first screen a planner sees.`,
      '',
    );
  }
  if (m.starved.length) {
    out.push(
      `**Fairness at 50 connections.** ${m.starved.length} case(s) had p99 above ${TARGETS.p99OverP50At50} × p50. Requests take turns on the event loop (server/plugins/turns.ts), so a burst no longer keeps new connections waiting; what remains is the load generator sharing the two cores with the app (it is starved itself when the app saturates them) and garbage collection pauses under 50 requests in flight.`,
      '',
    );
  }
  if (e && o && !m.oramaOk) {
    const slower = e.results.filter((x) => {
      const y = o.results.find((z) => z.name === x.name);
      return y && x.cold.median >= y.median;
    });
    out.push(
      `**Embedded vs Orama.** ` +
        (slower.length
          ? `Orama was faster (cold) on: ${slower.map((x) => `${x.name} (${x.total} matches)`).join('; ')}. ` +
            (slower.some((x) => x.total < 1000)
              ? 'With few matches the difference is the fixed cost of a cold query (running the FTS5 statement for the match set and, for a few matches, the one for the words as typed, and setting up the counting pass, a fraction of a millisecond), which Orama\'s index in the JavaScript heap does not pay; repeats come from the match-set cache (the "warm" column). Measured apart on a quiet machine (not part of this script), a cold rare word took about 0.1–0.2 ms: the word\'s prefix (one term-range scan over every column) and each of its stems is a phrase that bm25 sets up before the first row (about 30 µs each), and the change-feed check comes before every search. What would close it: bm25 with each phrase\'s document count and the averages read once per revision, which needs a ranking function in C (better-sqlite3 cannot register FTS5 auxiliary functions from JavaScript). '
              : '') +
            (slower.some((x) => x.total >= 1000)
              ? 'With many matches FTS5 computes bm25 for every matching row before the top 20 can be chosen; a score-bounded top-k (title-column matches first) would skip rows that cannot reach the page. '
              : '')

          : '') +
        (e.memoryBytes > o.memoryBytes ? `The embedded facet table used ${mb(e.memoryBytes)} against Orama's ${mb(o.memoryBytes)}. ` : '') +
        (o.results.length < e.results.length
          ? `Orama was measured on ${o.results.length} of ${e.results.length} queries before its process hit the ${r.options.oramaTimeoutS} s limit; the rest count as not shown faster.`
          : ''),
      '',
    );
  }
  if (e && !o) {
    out.push(
      `**Embedded vs Orama.** Not measured: ${r.orama?.killedAfterS ? `the Orama process was killed at its ${r.orama.killedAfterS} s limit before its index was built` : 'the Orama process failed (see the bench log)'}. A longer \`--orama-timeout\` would measure it.`,
      '',
    );
  }
  if (!(m.rebuildS < TARGETS.rebuildS) && e) {
    out.push(
      `**Rebuild.** ${m.rebuildS.toFixed(1)} s: ${(e.reindexMs / 1000).toFixed(1)} s for \`npm run reindex\`'s rebuild and ${(e.snapshotMs / 1000).toFixed(1)} s for the facet table. The rebuild builds the folded documents in a worker thread (${(e.documentsMs / 1000).toFixed(1)} s alone: reading them with a subquery per list in server/search/documents.ts, folding, and the variants column of stems and plain spellings) while FTS5 indexes the batch before on the main thread (${(e.ftsRebuildMs / 1000).toFixed(1)} s alone, as FTS5's own 'rebuild'), so it takes about the longer of the two plus the worker's start. FTS5 indexing every word and its 2- and 3-letter prefixes (for fast prefix search) on one thread is the floor; lowering it means indexing fewer tokens (the variants column's plain spellings only where they differ, no 2-letter prefixes) or splitting the index.`,
      '',
    );
  }
  if (!(m.rssMb < TARGETS.rssMb)) {
    const heap = r.appMemory ? `${mb(r.appMemory.heapTotal)} V8 heap (${mb(r.appMemory.heapUsed)} in use), ${mb(r.appMemory.external + r.appMemory.arrayBuffers)} outside it` : 'heap not reported';
    out.push(
      `**Memory.** ${m.rssMb.toFixed(0)} MB resident after the load tests: ${heap}. The facet table itself is ${e ? mb(e.memoryBytes) : '?'}, the match-set cache at most 2,000,000 rows (24 MB) and the kept counting passes at most 2 MB; SQLite reads through the OS page cache, which is not counted here. The kept search answers take at most \`SEARCH_ANSWER_CACHE_MB\` (32 MB; here a few hundred KB: one answer per case). The rest is the FTS worker thread (\`SEARCH_FTS_WORKER\`: its own V8 heap, bounded at 112 MB, and the C heap its SQLite connection uses to decode a common word's hundreds of thousands of rows, which glibc keeps in a per-thread arena once grown; the previous run without the worker measured 379 MB) and heap and buffers grown while 50 connections were answered concurrently, which the GC and the allocator give back lazily. \`SEARCH_FTS_WORKER=false\` trades the worker's memory for cold text searches on the event loop; \`MALLOC_ARENA_MAX=2\` in the service's environment lets the thread's freed memory go back (this script run with it on 2026-12-04 ended at 419 MB against 525 MB without, its throughput within the run-to-run noise; the README recommends it), and a \`--max-old-space-size\` cap would bound the main heap at some cost.`,
      '',
    );
  }
  if (!(r.startupMs / 1000 < TARGETS.startupS)) {
    out.push(
      `**Start-up.** ${(r.startupMs / 1000).toFixed(2)} s from opening the database to the first page, reading the facet table stored in the database (${(r.builtStartupMs / 1000).toFixed(2)} s when it builds the table instead: ${e ? (e.snapshotMs / 1000).toFixed(1) : '?'} s of that in the in-process measure, most of it reading every initiative's facet fields and link rows; the table is written to the database a few seconds after the first page, not before it). The rest is loading the code, opening the database, checking the migrations, starting the FTS worker and rendering the first page; a machine busy with other work (see the load average above) slows each.`,
      '',
    );
  }
  if (out.length === 2) out.push('Every target was met in this run.', '');
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SCRIPT) {
  main().catch((err) => {
    console.error(`bench failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  });
}
