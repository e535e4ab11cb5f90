// npm run user:create: reads the password from stdin when it is not a terminal, refuses
// weak passwords with the reason, never prints the password. And npm run import, which needs the same kind of database.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { verifyPassword } from '../../server/domain/accounts/passwords.ts';
import { createTestDatabase, removeDbFile, tempDbFile } from '../helpers/app.ts';

const file = tempDbFile();
afterAll(() => removeDbFile(file));

function run(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user-create.ts', ...args], { input, encoding: 'utf8', timeout: 60_000 });
}

describe('user:create', () => {
  it('creates an admin with a scrypt hash of the password from stdin', async () => {
    const password = 'lang og tilfeldig setning 42';
    const res = run(['--email', 'First@Example.no', '--role', 'admin', '--db', file], `${password}\n`);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('Created admin first@example.no');
    expect(res.stdout + res.stderr).not.toContain(password);
    const db = openDatabase(file);
    const row = db.sqlite.prepare(`SELECT role, password_hash FROM users WHERE email = ?`).get('first@example.no') as { role: string; password_hash: string };
    db.close();
    expect(row.role).toBe('admin');
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(password, row.password_hash)).toBe(true);
  });

  it('refuses a weak password, a taken e-mail and a bad role, exiting non-zero with the reason', () => {
    const weak = run(['--email', 'b@example.no', '--role', 'editor', '--db', file], 'password123\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/too common|at least 12/);
    const taken = run(['--email', 'first@example.no', '--role', 'editor', '--db', file], 'another long passphrase here\n');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('already a user');
    const role = run(['--email', 'c@example.no', '--role', 'owner', '--db', file], 'another long passphrase here\n');
    expect(role.status).toBe(1);
    expect(role.stderr).toContain('--role must be one of');
  });
});

describe('import script', () => {
  // A database with the fixture catalogue, so the vocabularies exist.
  const catalogue = createTestDatabase();
  const dbFile = catalogue.file;
  catalogue.close();
  afterAll(() => removeDbFile(dbFile));
  const csv = path.join(path.dirname(dbFile), 'rows.csv');
  const runImport = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', csv, '--db', dbFile, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('dry-runs with errors by line (exit 1, nothing written), then applies a clean file as drafts', () => {
    fs.writeFileSync(csv, 'ref,titleEn,country,status,measureTypes,sourceUrls\nCLI-1,,NO,ended,physical,https://example.org/a\n');
    const bad = runImport([]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('line 2: Title in English: Fill in this field.');
    fs.writeFileSync(csv, 'ref,titleEn,country,status,measureTypes,sourceUrls\nCLI-1,Command line case,NO,ended,physical,https://example.org/a\n');
    const dry = runImport([]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('line 2: create CLI-1');
    const applied = runImport(['--apply']);
    expect(applied.status, applied.stderr).toBe(0);
    const db = openDatabase(dbFile);
    const state = db.sqlite.prepare(`SELECT state FROM initiatives WHERE ref = 'CLI-1'`).pluck().get();
    db.close();
    expect(state).toBe('draft');
  });
});
