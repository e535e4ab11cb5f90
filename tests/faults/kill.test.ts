// kill -9 in the middle of a big write leaves the previous state intact: a child process
// is killed while its import (a reset and reload of the catalogue) or its reindex has
// written but not committed; the database is reopened and checked with PRAGMA
// integrity_check, record counts and search counts. Then the real `npm run reindex` is
// killed at several moments: whichever step it reached, the next start finds a whole index.
// Mid-edit: a save and a publish killed before they commit leave the record, its history
// and search as they were; and `npm start` killed while an editor saves through the admin
// form again and again leaves the record, its last revision and search in agreement.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { prepareDatabase } from '../../server/domain/setup.ts';
import { generateCatalogue } from '../../scripts/generate.ts';
import { removeDbFile, tempDbFile } from '../helpers/app.ts';
import { readSeedCatalogue } from '../../seed/catalogue.ts';
import { createUser } from '../../server/domain/accounts/users.ts';
import { changeState } from '../../server/domain/editorial/save-record.ts';
import { currentRevision } from '../../server/domain/editorial/revisions.ts';
import { editWhile, signIn } from '../../scripts/soak-editor.ts';
import { startServer } from '../helpers/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const files: string[] = [];
afterAll(() => files.forEach(removeDbFile));

function state(file: string) {
  const h = openDatabase(file, { readonly: true });
  try {
    const n = (sql: string) => h.sqlite.prepare(sql).pluck().get() as number;
    return {
      integrity: h.sqlite.pragma('integrity_check', { simple: true }),
      initiatives: n(`SELECT count(*) FROM initiatives`),
      areas: n(`SELECT count(*) FROM areas`),
      documents: n(`SELECT count(*) FROM search_documents`),
      ftsRows: n(`SELECT count(*) FROM search_fts`),
      hits: n(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"park"*'`),
      published: n(`SELECT count(*) FROM initiatives WHERE state = 'published'`),
      revisions: n(`SELECT count(*) FROM revisions`),
      // A digest, so a failure prints a line, not the catalogue.
      records: createHash('sha256').update(JSON.stringify(h.sqlite.prepare(`SELECT ref, state, slug, summary_en FROM initiatives ORDER BY ref`).all())).digest('hex'),
      killmarks: n(`SELECT count(*) FROM initiatives WHERE summary_en LIKE '%killmark%'`),
    };
  } finally {
    h.close();
  }
}

/** Starts `args` under node, waits for "mid" on stdout (or `afterMs`), then kill -9. */
function killMidway(args: string[], options: { afterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (options.afterMs === undefined && out.includes('mid')) child.kill('SIGKILL');
    });
    if (options.afterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), options.afterMs);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('kill -9 mid-write', () => {
  it('mid-import and mid-reindex leave the previous catalogue and index', { timeout: 120_000 }, async () => {
    const file = tempDbFile();
    files.push(file);
    prepareDatabase(file, () => readSeedCatalogue(), { create: true }).handle.close();
    const before = state(file);
    expect(before.integrity).toBe('ok');
    expect(before.documents).toBe(before.initiatives);
    expect(before.hits).toBeGreaterThan(0);

    for (const kind of ['import', 'reindex']) {
      const out = await killMidway([path.join(ROOT, 'tests/helpers/children/write-then-hang.ts'), file, kind]);
      expect(out).toContain('mid');
      expect(state(file), kind).toEqual(before);
      // And the app starts on it as before.
      const { handle } = prepareDatabase(file, () => readSeedCatalogue());
      handle.close();
      expect(state(file), kind).toEqual(before);
    }
  });

  it('a killed npm run reindex leaves a whole index at any moment', { timeout: 240_000 }, async () => {
    const file = path.join(path.dirname(tempDbFile()), 'killed-reindex.db');
    files.push(file);
    generateCatalogue(file, { count: 4000, seed: 3 });
    prepareDatabase(file).handle.close();
    const before = state(file);
    expect(before.documents).toBe(4000);
    for (const afterMs of [1500, 2500, 3500, 5000]) {
      await killMidway([path.join(ROOT, 'scripts/reindex.ts'), '--db', file], { afterMs });
      const after = state(file);
      expect(after.integrity, `${afterMs} ms`).toBe('ok');
      expect(after.initiatives).toBe(before.initiatives);
      // Whatever the step, the next start completes what was queued.
      prepareDatabase(file).handle.close();
      expect(state(file), `${afterMs} ms`).toEqual(before);
    }
  });

  it('mid-edit: a save and a publish killed before they commit change nothing', { timeout: 120_000 }, async () => {
    const file = tempDbFile();
    files.push(file);
    const h = prepareDatabase(file, () => readSeedCatalogue(), { create: true }).handle;
    const userId = (await createUser(h.sqlite, { email: 'editor@example.org', password: 'korrekt hest batteri stift', role: 'editor' })).id;
    const [edited, draft] = h.sqlite.prepare(`SELECT ref FROM initiatives WHERE state = 'published' ORDER BY ref LIMIT 2`).pluck().all() as string[];
    changeState(h.sqlite, 'initiative', draft, 'review', userId, currentRevision(h.sqlite, 'initiative', draft));
    h.close();
    // Search follows the change, as the app does before the next page load.
    prepareDatabase(file).handle.close();
    const before = state(file);
    expect(before.published).toBe(before.initiatives - 1);
    expect(before.documents).toBe(before.published);
    const out = await killMidway([path.join(ROOT, 'tests/helpers/children/write-then-hang.ts'), file, 'edit', edited, draft]);
    expect(out).toContain('mid');
    expect(state(file)).toEqual(before);
    prepareDatabase(file).handle.close();
    const after = state(file);
    expect(after).toEqual(before);
    expect(after.killmarks).toBe(0);
  });

  it('mid-edit: npm start killed while an editor saves through the admin form leaves record, history and search in agreement', { timeout: 120_000 }, async () => {
    const file = tempDbFile();
    files.push(file);
    const h = prepareDatabase(file, () => readSeedCatalogue(), { create: true }).handle;
    await createUser(h.sqlite, { email: 'editor@example.org', password: 'korrekt hest batteri stift', role: 'editor' });
    const ref = h.sqlite.prepare(`SELECT ref FROM initiatives WHERE state = 'published' ORDER BY ref LIMIT 1`).pluck().get() as string;
    h.close();
    const before = state(file);

    const server = await startServer({ DB_FILE: file });
    expect(server.origin, server.stderr()).not.toBeNull();
    const jar = await signIn(server.origin!, 'editor@example.org', 'korrekt hest batteri stift');
    let killed = false;
    // Saves back to back; the kill lands while one is on its way or being written.
    setTimeout(() => {
      killed = true;
      server.child.kill('SIGKILL');
    }, 2500);
    const editing = await editWhile(server.origin!, jar, `/admin/initiatives/${ref}`, () => killed, 0);
    expect(await server.exited).toBe('SIGKILL');
    expect(editing.saves).toBeGreaterThan(0);

    const check = () => {
      const db = openDatabase(file, { readonly: true });
      try {
        const q = (sql: string, ...args: unknown[]) => db.sqlite.prepare(sql).pluck().get(...args);
        const stored = q(`SELECT summary_en FROM initiatives WHERE ref = ?`, ref) as string;
        const last = JSON.parse(q(`SELECT after FROM revisions WHERE kind = 'initiative' AND ref = ? ORDER BY number DESC LIMIT 1`, ref) as string) as { summary: { en: string } };
        const marker = /soakmark\d+[a-z]+$/.exec(stored)?.[0] ?? '';
        return {
          integrity: db.sqlite.pragma('integrity_check', { simple: true }),
          stored,
          lastRevision: last.summary.en,
          marker,
          markerHits: marker ? (q(`SELECT count(*) FROM search_fts WHERE search_fts MATCH ?`, `"${marker}"`) as number) : -1,
          revisions: q(`SELECT count(*) FROM revisions WHERE ref = ?`, ref) as number,
        };
      } finally {
        db.close();
      }
    };
    const killedAt = check();
    expect(killedAt.integrity).toBe('ok');
    // Every committed save wrote its revision with it: the stored text is the last revision's.
    expect(killedAt.stored).toBe(killedAt.lastRevision);
    expect(killedAt.marker).not.toBe('');
    expect(killedAt.revisions).toBeGreaterThanOrEqual(editing.saves);
    // The next start brings search to the stored text: its marker finds exactly the record.
    prepareDatabase(file).handle.close();
    const restarted = check();
    expect(restarted.stored).toBe(killedAt.stored);
    expect(restarted.markerHits).toBe(1);
    const now = state(file);
    expect({ ...now, records: null, revisions: null }).toEqual({ ...before, records: null, revisions: null });
  });
});
