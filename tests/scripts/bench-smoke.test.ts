// Smoke run of the benchmark: the generator writes a tiny synthetic catalogue, the app
// starts in a child process on 127.0.0.1, and one short autocannon case completes without
// errors. Writes nothing to docs/. The full benchmark is `npm run bench`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');

describe('npm run bench -- --smoke', () => {
  it('generates 300 initiatives, serves them and completes one short load case', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-bench-'));
    const db = path.join(dir, 'smoke.db');
    const docBefore = fs.existsSync(DOC) ? fs.statSync(DOC).mtimeMs : null;
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts', 'bench.ts'), '--smoke', '--count', '300', '--db', db, '--duration', '1'],
        { cwd: ROOT, timeout: 60_000 },
      );
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
        smoke: boolean;
        startupMs: number;
        rss: number;
        results: { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }[];
      };
      expect(result.smoke).toBe(true);
      expect(result.startupMs).toBeGreaterThan(0);
      expect(result.rss).toBeGreaterThan(10 * 1024 * 1024);
      expect(result.results).toHaveLength(1);
      const [r] = result.results;
      expect(r.requests).toBeGreaterThan(0);
      expect(r.rps).toBeGreaterThan(0);
      expect(r.errors).toBe(0);
      expect(r.non2xx).toBe(0);
      expect(r.p99).toBeGreaterThanOrEqual(r.p50);
      expect(stdout).toMatch(/words: rare “[^”]+” \(\d+\)/);
      expect(fs.existsSync(db)).toBe(false); // the smoke run removes its database
      expect(fs.existsSync(DOC) ? fs.statSync(DOC).mtimeMs : null).toBe(docBefore);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
