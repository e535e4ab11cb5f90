// Backups and restores of the catalogue database (and the uploads folder, when there is
// one). Plain functions used by scripts/backup.ts and scripts/restore.ts.
//
// A backup is taken online with SQLite's backup API (better-sqlite3's db.backup()): a
// consistent copy while the app keeps serving and writing. Beside it, a checksum file in
// `sha256sum` format lists the database and every uploaded file, so `sha256sum -c` can
// check it too. A restore verifies every checksum first, then builds the new database in
// a temporary file next to the target (integrity check, pending migrations, the search
// index rebuilt), and only then moves it into place: a failed restore changes nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkpointWal, openDatabase, runMigrations } from '../../db/client.ts';
import { rebuildEmbeddedIndex } from '../search/reindex.ts';
import { dropConsumer } from '../search/change-feed.ts';
import { MEILI_CONSUMER } from '../search/outbox.ts';

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  checksumFile: string;
  /** The copied uploads folder, or null when there was none. */
  uploads: string | null;
  bytes: number;
  files: number;
}

/** 2026-12-03T08:10:58.123Z -> 20261203T081058Z (sorts by time, safe in file names). */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full));
  }
  return out.sort();
}

/**
 * Writes `<outDir>/omradeloft-<stamp>.db`, its `.sha256`, and a copy of `uploadDir` (if
 * it exists) as `omradeloft-<stamp>.uploads/`.
 */
export async function createBackup(dbFile: string, options: { outDir: string; uploadDir?: string | null; now?: Date }): Promise<BackupResult> {
  if (!fs.existsSync(dbFile)) throw new BackupError(`DB_FILE ${JSON.stringify(dbFile)} does not exist`);
  fs.mkdirSync(options.outDir, { recursive: true });
  const name = `omradeloft-${backupStamp(options.now ?? new Date())}`;
  const file = path.join(options.outDir, `${name}.db`);
  if (fs.existsSync(file)) throw new BackupError(`${file} exists already`);
  const source = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  const entries: [string, string][] = [[await sha256File(file), path.basename(file)]];
  let uploads: string | null = null;
  if (options.uploadDir && fs.existsSync(options.uploadDir)) {
    uploads = path.join(options.outDir, `${name}.uploads`);
    fs.cpSync(options.uploadDir, uploads, { recursive: true });
    for (const rel of listFiles(uploads)) {
      entries.push([await sha256File(path.join(uploads, rel)), path.join(path.basename(uploads), rel)]);
    }
  }
  const checksumFile = `${file}.sha256`;
  fs.writeFileSync(checksumFile, entries.map(([hex, rel]) => `${hex}  ${rel.split(path.sep).join('/')}\n`).join(''));
  return { file, checksumFile, uploads, bytes: fs.statSync(file).size, files: entries.length };
}

/** Checks every file the checksum file lists (and that it lists the database). Throws on any mismatch. */
export async function verifyBackup(file: string): Promise<{ files: number }> {
  const checksumFile = `${file}.sha256`;
  if (!fs.existsSync(file)) throw new BackupError(`backup ${file} does not exist`);
  if (!fs.existsSync(checksumFile)) throw new BackupError(`no checksum file ${checksumFile}: refusing to restore an unverified backup`);
  const dir = path.dirname(file);
  const lines = fs.readFileSync(checksumFile, 'utf8').split('\n').filter(Boolean);
  const listed = lines.map((line) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new BackupError(`${checksumFile}: unreadable line ${JSON.stringify(line.slice(0, 80))}`);
    const rel = m[2];
    if (path.isAbsolute(rel) || rel.split('/').includes('..')) throw new BackupError(`${checksumFile}: path outside the backup: ${rel}`);
    return { hex: m[1], rel };
  });
  if (!listed.some((l) => l.rel === path.basename(file))) throw new BackupError(`${checksumFile} does not list ${path.basename(file)}`);
  for (const { hex, rel } of listed) {
    const target = path.join(dir, rel);
    if (!fs.existsSync(target)) throw new BackupError(`missing from the backup: ${rel}`);
    if ((await sha256File(target)) !== hex) throw new BackupError(`checksum mismatch: ${rel} is not the file that was backed up`);
  }
  return { files: listed.length };
}

export interface RestoreResult {
  initiatives: number;
  searchDocuments: number;
  /** Where the database that was replaced went (with --force), or null. */
  previous: string | null;
  uploads: string | null;
}

/**
 * Verifies `backup`, then restores it to `dbFile` (and its uploads to `uploadDir`). The
 * target must not exist unless `force`, in which case the old file is kept beside it as
 * `<db>.before-restore-<stamp>`. No app may be running on `dbFile` meanwhile.
 */
export async function restoreBackup(
  backup: string,
  dbFile: string,
  options: { uploadDir?: string | null; force?: boolean; now?: Date; progress?: (line: string) => void } = {},
): Promise<RestoreResult> {
  await verifyBackup(backup);
  const exists = fs.existsSync(dbFile);
  if (exists && !options.force) {
    throw new BackupError(`DB_FILE ${JSON.stringify(dbFile)} exists: stop the app and pass --force to replace it (the old file is kept beside it)`);
  }
  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  const temp = `${dbFile}.restoring-${process.pid}`;
  fs.copyFileSync(backup, temp);
  let initiatives: number;
  let searchDocuments: number;
  try {
    const handle = openDatabase(temp);
    try {
      const integrity = handle.sqlite.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new BackupError(`the backup fails SQLite's integrity check: ${String(integrity)}`);
      runMigrations(handle);
      // Meilisearch's copy is not part of the backup: its worker starts over with a full send.
      dropConsumer(handle.sqlite, MEILI_CONSUMER);
      await rebuildEmbeddedIndex(handle.sqlite, { progress: options.progress });
      initiatives = handle.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
      searchDocuments = handle.sqlite.prepare(`SELECT count(*) FROM search_documents`).pluck().get() as number;
      checkpointWal(handle.sqlite, { force: true });
    } finally {
      handle.close();
    }
  } catch (err) {
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
  let previous: string | null = null;
  if (exists) {
    previous = `${dbFile}.before-restore-${backupStamp(options.now ?? new Date())}`;
    fs.renameSync(dbFile, previous);
  }
  for (const f of [`${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(temp, dbFile);
  let uploads: string | null = null;
  const savedUploads = backup.replace(/\.db$/, '.uploads');
  if (options.uploadDir && fs.existsSync(savedUploads)) {
    if (fs.existsSync(options.uploadDir) && fs.readdirSync(options.uploadDir).length > 0) {
      if (!options.force) throw new BackupError(`UPLOAD_DIR ${JSON.stringify(options.uploadDir)} is not empty: pass --force to replace it`);
      fs.renameSync(options.uploadDir, `${options.uploadDir}.before-restore-${backupStamp(options.now ?? new Date())}`);
    }
    fs.cpSync(savedUploads, options.uploadDir, { recursive: true });
    uploads = options.uploadDir;
  }
  return { initiatives, searchDocuments, previous, uploads };
}
