// The link checker behind `npm run check-links`: visits every source URL, every resource
// link and every organisation website, records what it saw, and reports the dead ones with
// the records citing them. No Fastify types; the fetch function and the clock are injected
// so tests run against a loopback server.
import type Database from 'better-sqlite3';

export type LinkOutcome = 'ok' | 'redirected' | 'broken' | 'unreachable';

export interface LinkResult {
  url: string;
  outcome: LinkOutcome;
  /** The final HTTP status, null when no answer came. */
  status: number | null;
  /** Where redirects ended (null when there was none). */
  finalUrl: string | null;
  /** For unreachable: why (timeout, refused, DNS …). */
  error: string | null;
  /** True when the failure says nothing about the link: no route, no DNS, refused. */
  networkError: boolean;
}

export interface CheckOptions {
  timeoutMs: number;
  userAgent: string;
  fetchImpl?: typeof fetch;
}

export interface CitingRecord {
  kind: 'initiative' | 'programme' | 'area' | 'organisation' | 'event' | 'resource';
  ref: string;
  title: string;
}

export interface DeadLink extends LinkResult {
  citedBy: CitingRecord[];
}

export interface LinkCheckReport {
  /** True when the network was down: nothing was written. */
  offline: boolean;
  offlineReason: string | null;
  checked: number;
  counts: Record<LinkOutcome, number>;
  dead: DeadLink[];
  checkedOn: string;
}

export interface RunOptions extends CheckOptions {
  concurrency: number;
  /** A known-good URL tried first; when it fails with a network error, nothing is checked. */
  probeUrl?: string | null;
  /** YYYY-MM-DD to record as the checked date. */
  today?: string;
}

const RETRY_WITH_GET = new Set([403, 405, 501]);
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'ECONNREFUSED', 'EADDRNOTAVAIL']);

/** The polite user agent: who is asking and where to find them. */
export function buildUserAgent(publicUrl: string | null | undefined): string {
  const contact = publicUrl && publicUrl.trim() ? publicUrl.trim() : 'omradeloft-kb';
  return `omradeloft-kb-link-check/1.0 (Kunnskapsbase for områdeløft; +${contact})`;
}

function errorCode(err: unknown): string | null {
  let e = err as { code?: string; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code;
    // undici wraps connection failures: fetch failed -> cause (maybe an AggregateError).
    e = (e.cause ?? e.errors?.[0]) as typeof e;
  }
  return null;
}

async function request(url: string, method: 'HEAD' | 'GET', opts: CheckOptions): Promise<Response> {
  const doFetch = opts.fetchImpl ?? fetch;
  const res = await doFetch(url, {
    method,
    redirect: 'follow',
    signal: AbortSignal.timeout(opts.timeoutMs),
    headers: { 'user-agent': opts.userAgent, accept: '*/*' },
  });
  // Only the status matters: do not download bodies.
  await res.body?.cancel().catch(() => undefined);
  return res;
}

/** Check one URL: HEAD first, GET when the server refuses HEAD (403, 405, 501). */
export async function checkUrl(url: string, opts: CheckOptions): Promise<LinkResult> {
  try {
    new URL(url);
  } catch {
    return { url, outcome: 'broken', status: null, finalUrl: null, error: 'not a valid URL', networkError: false };
  }
  try {
    let res = await request(url, 'HEAD', opts);
    if (RETRY_WITH_GET.has(res.status)) res = await request(url, 'GET', opts);
    const finalUrl = res.redirected && res.url && res.url !== url ? res.url : null;
    const outcome: LinkOutcome = res.status >= 400 ? 'broken' : finalUrl ? 'redirected' : 'ok';
    return { url, outcome, status: res.status, finalUrl, error: null, networkError: false };
  } catch (err) {
    const name = (err as Error)?.name;
    const code = errorCode(err);
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const error = timedOut ? `no answer within ${opts.timeoutMs} ms` : code ?? (err as Error)?.message ?? 'failed';
    return { url, outcome: 'unreachable', status: null, finalUrl: null, error, networkError: !timedOut && code !== null && NETWORK_CODES.has(code) };
  }
}

/** Run `work` over `items`, at most `limit` at a time. */
export async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Every distinct URL the catalogue links to. */
export function listLinkUrls(sqlite: Database.Database): string[] {
  const rows = sqlite
    .prepare(
      `SELECT url FROM sources
       UNION SELECT url FROM resource_links
       UNION SELECT website FROM organisations WHERE website IS NOT NULL AND trim(website) <> ''
       ORDER BY 1`,
    )
    .all() as { url: string }[];
  return rows.map((r) => r.url);
}

/** Write the results: sources and resource links by URL, organisation websites in their own table. */
export function recordLinkResults(sqlite: Database.Database, results: LinkResult[], today: string): void {
  const source = sqlite.prepare(`UPDATE sources SET link_status = ?, http_status = ?, final_url = ?, last_checked = ? WHERE url = ?`);
  const link = sqlite.prepare(`UPDATE resource_links SET link_status = ?, http_status = ?, final_url = ?, last_checked = ? WHERE url = ?`);
  const orgs = sqlite.prepare(`SELECT id FROM organisations WHERE website = ?`);
  const website = sqlite.prepare(
    `INSERT INTO organisation_website_checks (organisation_id, url, link_status, http_status, final_url, last_checked)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (organisation_id) DO UPDATE SET url = excluded.url, link_status = excluded.link_status,
       http_status = excluded.http_status, final_url = excluded.final_url, last_checked = excluded.last_checked`,
  );
  sqlite.transaction(() => {
    for (const r of results) {
      source.run(r.outcome, r.status, r.finalUrl, today, r.url);
      link.run(r.outcome, r.status, r.finalUrl, today, r.url);
      for (const o of orgs.all(r.url) as { id: number }[]) website.run(o.id, r.url, r.outcome, r.status, r.finalUrl, today);
    }
  })();
}

/** The records that cite a URL: through a source, a resource link or an organisation's website. */
export function listCitingRecords(sqlite: Database.Database, url: string): CitingRecord[] {
  const rows = sqlite
    .prepare(
      `WITH s AS (SELECT id FROM sources WHERE url = @url)
       SELECT 'initiative' AS kind, i.ref, COALESCE(NULLIF(i.title_nb, ''), i.title_en) AS title FROM initiatives i
         WHERE i.id IN (SELECT initiative_id FROM initiative_sources WHERE source_id IN s)
            OR i.lessons_source_id IN s OR i.continuation_source_id IN s
       UNION SELECT 'programme', p.ref, COALESCE(NULLIF(p.name_nb, ''), p.name_original) FROM programmes p
         WHERE p.id IN (SELECT programme_id FROM programme_sources WHERE source_id IN s)
       UNION SELECT 'area', a.ref, a.name FROM areas a
         WHERE a.id IN (SELECT area_id FROM area_sources WHERE source_id IN s)
            OR a.population_source_id IN s OR a.coordinates_source_id IN s
       UNION SELECT 'organisation', o.ref, o.name FROM organisations o
         WHERE o.source_id IN s OR o.website = @url
       UNION SELECT 'event', e.ref, e.name_nb FROM events e WHERE e.source_id IN s
       UNION SELECT 'resource', r.ref, COALESCE(NULLIF(r.title_nb, ''), r.title_original) FROM resources r
         WHERE r.id IN (SELECT resource_id FROM resource_links WHERE url = @url)
       ORDER BY 1, 2`,
    )
    .all({ url }) as CitingRecord[];
  return rows;
}

const isDead = (r: LinkResult) => r.outcome === 'broken' || r.outcome === 'unreachable';

/**
 * Check every link and record the results. When the probe URL cannot be reached, or every
 * request fails with a network error, the machine is offline: nothing is written and the
 * report says so, rather than calling every link dead.
 */
export async function runLinkCheck(sqlite: Database.Database, opts: RunOptions): Promise<LinkCheckReport> {
  const checkedOn = opts.today ?? new Date().toISOString().slice(0, 10);
  const counts: Record<LinkOutcome, number> = { ok: 0, redirected: 0, broken: 0, unreachable: 0 };
  const offline = (reason: string): LinkCheckReport => ({ offline: true, offlineReason: reason, checked: 0, counts, dead: [], checkedOn });

  if (opts.probeUrl) {
    const probe = await checkUrl(opts.probeUrl, opts);
    if (probe.outcome === 'unreachable') return offline(`the probe ${opts.probeUrl} did not answer (${probe.error})`);
  }
  const urls = listLinkUrls(sqlite);
  const results = await mapBounded(urls, opts.concurrency, (url) => checkUrl(url, opts));
  if (results.length > 0 && results.every((r) => r.networkError)) {
    return offline(`all ${results.length} requests failed with a network error (${results[0]!.error})`);
  }
  recordLinkResults(sqlite, results, checkedOn);
  for (const r of results) counts[r.outcome]++;
  const dead = results.filter(isDead).map((r) => ({ ...r, citedBy: listCitingRecords(sqlite, r.url) }));
  return { offline: false, offlineReason: null, checked: results.length, counts, dead, checkedOn };
}

/** The report printed by the script. */
export function formatLinkReport(report: LinkCheckReport): string {
  if (report.offline) {
    return `check-links: no network: nothing was marked dead (${report.offlineReason}).`;
  }
  const c = report.counts;
  const lines = [
    `check-links: ${report.checked} link(s) checked on ${report.checkedOn}: ${c.ok} ok, ${c.redirected} redirected, ${c.broken} broken, ${c.unreachable} unreachable.`,
  ];
  if (report.dead.length === 0) {
    lines.push('No dead links.');
    return lines.join('\n');
  }
  lines.push('', `Dead links (${report.dead.length}):`);
  for (const d of report.dead) {
    const why = d.status !== null ? `HTTP ${d.status}` : d.error ?? 'no answer';
    lines.push(`- ${d.url} — ${d.outcome} (${why})`);
    if (d.citedBy.length === 0) lines.push('    cited by no record');
    for (const r of d.citedBy) lines.push(`    ${r.kind} ${r.ref}: ${r.title}`);
  }
  return lines.join('\n');
}
