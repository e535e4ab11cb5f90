// npm run backup / npm run restore as processes: backup -> change -> restore -> compare.
// The backup is consistent while the database is open and written (online backup API),
// has a checksum file listing the database and the uploads, and a damaged backup is
// refused without touching the target.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { createTestDatabase } from '../helpers/app.ts';
import { applyToEmbeddedIndex } from '../../server/search/change-feed.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const script = (name: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', `${name}.ts`), ...args], {
    cwd: ROOT,
    timeout: 60_000,
    // UPLOAD_DIR defaults to a directory of this test's own, never the checkout's data/uploads.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', UPLOAD_DIR: path.join(dir, 'default-uploads'), ...env },
  });

function snapshot(file: string) {
  const h = openDatabase(file, { readonly: true });
  try {
    const q = (sql: string) => h.sqlite.prepare(sql).raw().all();
    return {
      initiatives: q(`SELECT ref, slug, title_en, title_nb FROM initiatives ORDER BY ref`),
      areas: q(`SELECT ref, name FROM areas ORDER BY ref`),
      searchDocuments: q(`SELECT count(*) FROM search_documents`),
      parkHits: q(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"park"*'`),
      integrity: h.sqlite.pragma('integrity_check', { simple: true }),
    };
  } finally {
    h.close();
  }
}

describe('backup and restore', () => {
  it('backs up online with a checksum, restores into a fresh database, and refuses a damaged backup', { timeout: 180_000 }, async () => {
    const db = createTestDatabase();
    const file = db.file;
    applyToEmbeddedIndex(db.sqlite); // as the app does at start
    // The app holds the database open (and is writing) while the backup runs.
    db.sqlite.prepare(`UPDATE areas SET name = name WHERE id = 1`).run();
    const uploads = path.join(dir, 'uploads');
    fs.mkdirSync(path.join(uploads, 'images'), { recursive: true });
    fs.writeFileSync(path.join(uploads, 'images', 'plan.txt'), 'a plan');
    const before = snapshot(file);
    expect(before.initiatives.length).toBeGreaterThan(3);

    const out = path.join(dir, 'backups');
    const { stdout } = await script('backup', ['--db', file, '--out', out], { UPLOAD_DIR: uploads });
    expect(stdout).toMatch(/backup: .* -> .*omradeloft-\d{8}T\d{6}Z\.db/);
    const backup = fs.readdirSync(out).find((f) => f.endsWith('.db'))!;
    const backupFile = path.join(out, backup);
    const sums = fs.readFileSync(`${backupFile}.sha256`, 'utf8');
    expect(sums).toMatch(new RegExp(`^[0-9a-f]{64}  ${backup.replace('.', '\\.')}\\n`));
    expect(sums).toContain(`${backup.replace(/\.db$/, '.uploads')}/images/plan.txt`);

    // Change the live database after the backup.
    db.sqlite.prepare(`DELETE FROM initiatives WHERE id = (SELECT min(id) FROM initiatives)`).run();
    db.sqlite.prepare(`UPDATE areas SET name = 'Changed after the backup'`).run();
    db.close();
    expect(snapshot(file).initiatives.length).toBe(before.initiatives.length - 1);

    // Restoring over an existing database needs --force; into a new file it does not.
    const refused = await script('restore', [backupFile, '--db', file]).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exists: stop the app and pass --force/);

    const fresh = path.join(dir, 'restored', 'omradeloft.db');
    const restoredUploads = path.join(dir, 'restored-uploads');
    const restored = await script('restore', [backupFile, '--db', fresh], { UPLOAD_DIR: restoredUploads });
    expect(restored.stdout).toMatch(/checksums verified/);
    expect(restored.stdout).toMatch(/search index rebuilt/);
    expect(restored.stdout).toMatch(/restore: (\d+) of \1 initiatives indexed/); // progress while it rebuilds
    expect(snapshot(fresh)).toEqual(before);
    expect(fs.readFileSync(path.join(restoredUploads, 'images', 'plan.txt'), 'utf8')).toBe('a plan');

    // --force replaces the changed database and a non-empty upload directory, keeping both aside.
    const liveUploads = path.join(dir, 'live-uploads');
    fs.mkdirSync(path.join(liveUploads, 'images'), { recursive: true });
    fs.writeFileSync(path.join(liveUploads, 'images', 'later.txt'), 'added after the backup');
    const forced = await script('restore', [backupFile, '--db', file, '--force'], { UPLOAD_DIR: liveUploads });
    expect(forced.stdout).toMatch(/kept as .*before-restore-/);
    expect(snapshot(file)).toEqual(before);
    expect(fs.readdirSync(path.join(liveUploads, 'images'))).toEqual(['plan.txt']);
    const keptUploads = fs.readdirSync(dir).filter((f) => f.startsWith('live-uploads.before-restore-'));
    expect(keptUploads).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, keptUploads[0], 'images', 'later.txt'), 'utf8')).toBe('added after the backup');

    // One flipped byte: the checksum catches it, and the target is left alone.
    const damaged = path.join(out, 'damaged.db');
    fs.copyFileSync(backupFile, damaged);
    fs.writeFileSync(`${damaged}.sha256`, fs.readFileSync(`${backupFile}.sha256`, 'utf8').replace(backup, 'damaged.db'));
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, Buffer.from([0x42]), 0, 1, 5000);
    fs.closeSync(fd);
    const target = path.join(dir, 'never.db');
    const bad = await script('restore', [damaged, '--db', target]).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/checksum mismatch: damaged\.db/);
    expect(fs.existsSync(target)).toBe(false);
  });
});
