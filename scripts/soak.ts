// npm run soak [-- --duration 60 --connections 10,50 --max-growth-mb 64 --record]
//
// A soak test: the app started as `npm start` in a child process on a free port on
// 127.0.0.1 (never anything else) with a fresh seeded database and rate limits off, then
// autocannon sends a mix of searches (page, htmx fragment, filters, prefixes), record
// pages, API calls and CSV exports for --duration seconds at each connection count, while
// one editor saves an initiative through the admin form (scripts/soak-editor.ts).
// Reports errors, non-2xx answers, latency percentiles, and the app's resident memory
// (from /proc) after a warm-up and at the end. Fails (exit 1) on any error or non-2xx
// answer, or if memory grew by more than --max-growth-mb. --record writes the result into
// docs/benchmarks.md (its "Soak" section; npm run bench keeps it).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parse } from 'node-html-parser';
import { editWhile, signIn, type EditingResult } from './soak-editor.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC_FILE = path.join(ROOT, 'docs', 'benchmarks.md');
export const SOAK_START = '<!-- soak:start -->';
export const SOAK_END = '<!-- soak:end -->';

interface Phase {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  rssStartMb: number;
  rssEndMb: number;
  editing: EditingResult;
}

interface Editor {
  jar: Awaited<ReturnType<typeof signIn>>;
  editPath: string;
}

const EDITOR_EMAIL = 'soak-editor@example.org';
const WARMUP_S = 10;

/** An editor account in the soak's database, signed in through the login form, and the edit form of one initiative. */
async function startEditor(origin: string, dbFile: string): Promise<Editor> {
  const { openDatabase } = await import('../db/client.ts');
  const { createUser } = await import('../server/domain/accounts/users.ts');
  const password = `soak ${Math.random().toString(36).slice(2)} ${Date.now()}`;
  const handle = openDatabase(dbFile);
  try {
    await createUser(handle.sqlite, { email: EDITOR_EMAIL, password, role: 'editor' });
  } finally {
    handle.close();
  }
  const jar = await signIn(origin, EDITOR_EMAIL, password);
  const list = await fetch(`${origin}/admin/initiatives`, { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const editPath = parse(await list.text()).querySelector('tbody tr a')?.getAttribute('href');
  if (!editPath) throw new Error('no initiative to edit in /admin/initiatives');
  return { jar, editPath };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

async function startApp(dbFile: string): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts'), '--init'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DB_FILE: dbFile,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RATE_LIMIT_SEARCH: '0',
      RATE_LIMIT_API: '0',
      RATE_LIMIT_EXPORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the app exited (${code}) before listening: ${err.trim()}`)));
  });
  // Keep reading its output so the pipe never fills.
  child.stdout!.resume();
  return { child, origin };
}

/** The request mix, from real slugs and words of the database. */
function requestMix(dbFile: string): { method: 'GET'; path: string; headers?: Record<string, string> }[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const slugs = (table: string, n: number) => db.prepare(`SELECT slug FROM ${table} ORDER BY id LIMIT ?`).pluck().all(n) as string[];
    const initiatives = slugs('initiatives', 8);
    const areas = slugs('areas', 4);
    const programmes = slugs('programmes', 3);
    const get = (p: string, headers?: Record<string, string>) => ({ method: 'GET' as const, path: p, ...(headers ? { headers } : {}) });
    return [
      get('/'),
      get('/?q=park'),
      get('/?q=bolig&country=no', { 'hx-request': 'true' }),
      get('/en/?q=community&sort=newest'),
      get('/?q=omr'),
      get('/?q=ungdom+skole&page=2'),
      get('/?country=se&country=dk&from=2000&to=2020'),
      get('/en/?q=regeneration', { 'hx-request': 'true' }),
      get('/api/v1/initiatives?q=park'),
      get('/api/v1/initiatives?country=no&perPage=50'),
      get(`/api/v1/initiatives/${initiatives[0]}`),
      get('/export.csv?q=bolig'),
      get('/programmes'),
      get('/en/areas'),
      ...initiatives.map((s, i) => get(`${i % 2 ? '/en' : ''}/initiatives/${s}`)),
      ...areas.map((s) => get(`/areas/${s}`)),
      ...programmes.map((s) => get(`/en/programmes/${s}`)),
    ];
  } finally {
    db.close();
  }
}

async function runPhase(origin: string, pid: number, requests: ReturnType<typeof requestMix>, connections: number, seconds: number, editor: Editor): Promise<Phase> {
  const { default: autocannon } = await import('autocannon');
  const rssStartMb = rssMb(pid);
  let loadDone = false;
  const editing = editWhile(origin, editor.jar, editor.editPath, () => loadDone);
  const result = (await Promise.resolve(autocannon({ url: origin, connections, duration: seconds, timeout: 10, requests } as Parameters<typeof autocannon>[0])).finally(() => {
    loadDone = true;
  })) as Awaited<ReturnType<typeof autocannon>> & {
    latency: { p90: number; max: number };
    requests: { total: number };
    statusCodeStats?: Record<string, { count: number }>;
  };
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
  return {
    connections,
    seconds,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    rssStartMb,
    rssEndMb: rssMb(pid),
    editing: await editing,
  };
}

function render(o: { when: string; duration: number; warmupMb: number; endMb: number; maxGrowthMb: number; phases: Phase[]; ok: boolean; load: string; initiatives: number }): string {
  const rows = o.phases
    .map((p) => `| ${p.connections} | ${p.seconds} s | ${p.requests} | ${p.rps} | ${p.p50} | ${p.p90} | ${p.p99} | ${p.max} | ${p.errors} (${p.timeouts}) | ${p.non2xx} | ${p.rssStartMb} → ${p.rssEndMb} |`)
    .join('\n');
  return `${SOAK_START}
## Soak

Written by \`npm run soak -- --duration ${o.duration} --record\` (scripts/soak.ts) on ${o.when}: the app as \`npm start\`
in a child process on 127.0.0.1 with the shipped catalogue (${o.initiatives} initiatives) and rate limits off; autocannon
cycles through a mix of search pages (with and without \`HX-Request\`, filters, prefixes, page 2), API search and record
calls, CSV exports and record pages in both languages. Meanwhile one editor, signed in through the login form, saves
an initiative through the admin form every 250 ms (a new word in its English summary each time; the CSRF token and
revision check as a browser sends them). Latencies in ms; a request unanswered after 10 s counts as a
timeout (and an error). Load average (1/5/15 min) before: ${o.load}, on ${os.cpus().length} cores shared with the load generator.

| Connections | Duration | Requests | Req/s | p50 | p90 | p99 | max | Errors (timeouts) | Non-2xx | RSS MB (start → end) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${rows}

| Connections | Saves by the editor | Failed saves | Save p50 / p99 (form load + save) | Last save found by search afterwards |
|---:|---:|---:|---:|---|
${o.phases.map((p) => `| ${p.connections} | ${p.editing.saves} | ${p.editing.failures} | ${p.editing.p50} / ${p.editing.p99} | ${p.editing.lastSaveSearchable === null ? '–' : p.editing.lastSaveSearchable ? 'yes' : '**no**'} |`).join('\n')}

Memory after a ${WARMUP_S} s warm-up at ${o.phases.length ? Math.max(...o.phases.map((p) => p.connections)) : 0} connections (with editing): ${o.warmupMb} MB; at the end: ${o.endMb} MB (growth ${Math.round((o.endMb - o.warmupMb) * 10) / 10} MB; bound ${o.maxGrowthMb} MB).
Result: **${o.ok ? 'pass' : 'FAIL'}** (zero errors and non-2xx answers, every save accepted and the last one searchable, memory growth within the bound).
${SOAK_END}
`;
}

export function withSoakSection(doc: string, section: string): string {
  const start = doc.indexOf(SOAK_START);
  const end = doc.indexOf(SOAK_END);
  if (start >= 0 && end > start) return doc.slice(0, start) + section.trimEnd() + doc.slice(end + SOAK_END.length);
  return `${doc.trimEnd()}\n\n${section}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      connections: { type: 'string', default: '10,50' },
      'max-growth-mb': { type: 'string', default: '64' },
      record: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const duration = Number(values.duration);
  const connections = values.connections!.split(',').map(Number);
  const maxGrowthMb = Number(values['max-growth-mb']);
  if (!Number.isInteger(duration) || duration < 1 || duration > 3600) throw new Error('--duration must be whole seconds from 1 to 3600');
  if (!connections.every((c) => Number.isInteger(c) && c >= 1 && c <= 500)) throw new Error('--connections must be a comma-separated list of 1-500');
  if (!(maxGrowthMb > 0)) throw new Error('--max-growth-mb must be positive');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-soak-'));
  const dbFile = path.join(dir, 'soak.db');
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const { child, origin } = await startApp(dbFile);
  try {
    const pid = child.pid!;
    const requests = requestMix(dbFile);
    const initiatives = (() => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return db.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
      } finally {
        db.close();
      }
    })();
    console.log(`soak: ${origin}, ${requests.length} URLs in the mix, ${duration} s at ${connections.join(' and ')} connections`);
    const editor = await startEditor(origin, dbFile);
    // Warm-up at the largest connection count, with editing: caches, lazy structures and the
    // heap's working set for that many requests in flight. Growth is measured from here.
    await runPhase(origin, pid, requests, Math.max(...connections), WARMUP_S, editor);
    const warmupMb = rssMb(pid);
    const phases: Phase[] = [];
    for (const c of connections) {
      const phase = await runPhase(origin, pid, requests, c, duration, editor);
      phases.push(phase);
      console.log(
        `soak: ${c} connections: ${phase.requests} requests, ${phase.rps} req/s, p50 ${phase.p50} ms, p90 ${phase.p90} ms, p99 ${phase.p99} ms, max ${phase.max} ms, errors ${phase.errors}, timeouts ${phase.timeouts}, non-2xx ${phase.non2xx} ${JSON.stringify(phase.statusCodes)}, RSS ${phase.rssStartMb} -> ${phase.rssEndMb} MB`,
      );
      console.log(
        `soak: editing: ${phase.editing.saves} saves, ${phase.editing.failures} failed${phase.editing.failureNotes.length ? ` (${phase.editing.failureNotes.join(' | ')})` : ''}, p50 ${phase.editing.p50} ms, p99 ${phase.editing.p99} ms, last save searchable: ${phase.editing.lastSaveSearchable}`,
      );
    }
    const endMb = rssMb(pid);
    const growth = endMb - warmupMb;
    const ok =
      phases.every((p) => p.errors === 0 && p.timeouts === 0 && p.non2xx === 0 && p.editing.saves > 0 && p.editing.failures === 0 && p.editing.lastSaveSearchable === true) &&
      growth <= maxGrowthMb;
    console.log(`soak: memory ${warmupMb} MB after warm-up, ${endMb} MB at the end (growth ${growth.toFixed(1)} MB, bound ${maxGrowthMb} MB): ${ok ? 'pass' : 'FAIL'}`);
    if (values.record) {
      const section = render({ when: new Date().toISOString(), duration, warmupMb, endMb, maxGrowthMb, phases, ok, load, initiatives });
      const doc = fs.existsSync(DOC_FILE) ? fs.readFileSync(DOC_FILE, 'utf8') : '# Benchmarks\n';
      fs.writeFileSync(DOC_FILE, withSoakSection(doc, section));
      console.log(`soak: recorded in ${path.relative(process.cwd(), DOC_FILE)}`);
    }
    if (!ok) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`soak failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
