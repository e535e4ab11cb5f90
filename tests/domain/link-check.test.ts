// The link checker against a loopback server that answers 200, 301 -> 200, 404, 405 on HEAD
// and never; and offline, where every request is refused: nothing is marked dead.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/app.ts';
import { checkUrl, formatLinkReport, runLinkCheck } from '../../server/domain/link-check.ts';

let server: http.Server;
let base = '';
let refused = '';
const agents: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    agents.push(String(req.headers['user-agent']));
    const path = (req.url ?? '').split('?')[0];
    if (path === '/ok') return res.writeHead(200).end('ok');
    if (req.url === '/moved') return res.writeHead(301, { location: '/ok' }).end();
    if (req.url === '/gone') return res.writeHead(404).end();
    if (req.url === '/no-head') return res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
    if (req.url === '/hang') return; // never answers
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was free a moment ago: connections to it are refused.
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const opts = { timeoutMs: 500, userAgent: 'kb-test (+https://kb.example)' };

describe('checkUrl', () => {
  it('tells ok, redirected, broken and unreachable apart, and falls back to GET when HEAD is refused', async () => {
    expect(await checkUrl(`${base}/ok`, opts)).toMatchObject({ outcome: 'ok', status: 200, finalUrl: null });
    expect(await checkUrl(`${base}/moved`, opts)).toMatchObject({ outcome: 'redirected', status: 200, finalUrl: `${base}/ok` });
    expect(await checkUrl(`${base}/gone`, opts)).toMatchObject({ outcome: 'broken', status: 404 });
    expect(await checkUrl(`${base}/no-head`, opts)).toMatchObject({ outcome: 'ok', status: 200 });
    expect(await checkUrl(`${base}/hang`, opts)).toMatchObject({ outcome: 'unreachable', status: null, networkError: false });
    expect(agents).toContain(opts.userAgent);
  });
});

describe('runLinkCheck', () => {
  it('records outcomes and lists the dead links with the records citing them', async () => {
    const db = createTestDatabase();
    const ids = db.sqlite.prepare(`SELECT id FROM sources ORDER BY id LIMIT 3`).all() as { id: number }[];
    expect(ids.length).toBe(3);
    db.sqlite.prepare(`UPDATE sources SET url = ? WHERE id = ?`).run(`${base}/ok`, ids[0]!.id);
    db.sqlite.prepare(`UPDATE sources SET url = ? WHERE id = ?`).run(`${base}/gone`, ids[1]!.id);
    db.sqlite.prepare(`UPDATE sources SET url = ? WHERE id = ?`).run(`${base}/hang`, ids[2]!.id);
    db.sqlite.prepare(`DELETE FROM sources WHERE id NOT IN (?, ?, ?) AND id NOT IN (SELECT source_id FROM initiative_sources UNION SELECT source_id FROM programme_sources UNION SELECT source_id FROM area_sources)`).run(ids[0]!.id, ids[1]!.id, ids[2]!.id);
    // Every other link points at the local server too, so no test touches the internet.
    db.sqlite.prepare(`UPDATE sources SET url = ? || '/ok?' || id WHERE id NOT IN (?, ?, ?)`).run(base, ids[0]!.id, ids[1]!.id, ids[2]!.id);
    db.sqlite.prepare(`UPDATE resource_links SET url = ? || '/moved'`).run(base);
    db.sqlite.prepare(`UPDATE organisations SET website = NULL`).run();

    const report = await runLinkCheck(db.sqlite, { ...opts, concurrency: 4, probeUrl: `${base}/ok`, today: '2026-12-01' });
    expect(report.offline).toBe(false);
    const row = (id: number) => db.sqlite.prepare(`SELECT link_status, http_status, last_checked FROM sources WHERE id = ?`).get(id);
    expect(row(ids[0]!.id)).toEqual({ link_status: 'ok', http_status: 200, last_checked: '2026-12-01' });
    expect(row(ids[1]!.id)).toEqual({ link_status: 'broken', http_status: 404, last_checked: '2026-12-01' });
    expect(row(ids[2]!.id)).toEqual({ link_status: 'unreachable', http_status: null, last_checked: '2026-12-01' });
    expect(report.dead.map((d) => d.url).sort()).toEqual([`${base}/gone`, `${base}/hang`]);
    const text = formatLinkReport(report);
    expect(text).toContain(`${base}/gone — broken (HTTP 404)`);
    expect(text).toMatch(/unreachable \(no answer within 500 ms\)/);
    db.close();
  });

  it('offline: every request refused, says "no network" and marks nothing dead', async () => {
    const db = createTestDatabase();
    db.sqlite.prepare(`UPDATE sources SET url = ? || '/x' || id`).run(refused);
    db.sqlite.prepare(`UPDATE resource_links SET url = ? || '/r'`).run(refused);
    db.sqlite.prepare(`UPDATE organisations SET website = NULL`).run();
    const report = await runLinkCheck(db.sqlite, { ...opts, concurrency: 4, probeUrl: null, today: '2026-12-01' });
    expect(report.offline).toBe(true);
    expect(formatLinkReport(report)).toContain('no network: nothing was marked dead');
    const dead = db.sqlite.prepare(`SELECT count(*) AS n FROM sources WHERE link_status IN ('broken', 'unreachable')`).get() as { n: number };
    expect(dead.n).toBe(0);
    const probe = await runLinkCheck(db.sqlite, { ...opts, concurrency: 4, probeUrl: `${refused}/`, today: '2026-12-01' });
    expect(probe.offline).toBe(true);
    db.close();
  });
});
