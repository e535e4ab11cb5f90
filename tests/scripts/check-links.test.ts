// npm run check-links as a process: offline (the probe refused) it says "no network", marks
// nothing dead and exits 0; a bad option exits non-zero with the reason. Only 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';

const db = createTestDatabase();
const file = db.file;
db.close();
afterAll(() => removeDbFile(file));

async function refusedUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  await new Promise((resolve) => s.close(resolve));
  return url;
}

const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-links.ts', '--db', file, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('check-links', () => {
  it('offline: says no network, exits 0, marks nothing', async () => {
    const res = run(['--probe', await refusedUrl(), '--timeout-ms', '500']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('no network: nothing was marked dead');
  });

  it('a bad option exits non-zero with the reason', () => {
    const res = run(['--concurrency', '0', '--probe', 'none']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--concurrency must be a positive whole number');
  });
});
