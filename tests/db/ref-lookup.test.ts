// A record is found by its ref in any letter case (`ref = ? COLLATE NOCASE`, the
// readers in server/domain/records/shared.ts). That lookup must seek an index, not scan
// the table: at 100,000 initiatives a scan cost tens of milliseconds per record page, API
// call or unknown ref (migration 0009).
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/app.ts';
import { idByRef } from '../../server/domain/records/shared.ts';

const handle = createTestDatabase();
afterAll(() => handle.close());

const TABLES = ['initiatives', 'areas', 'programmes', 'organisations', 'events', 'resources'];

describe('lookup by ref in any letter case', () => {
  it.each(TABLES)('%s: seeks the NOCASE index', (table) => {
    const plan = handle.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM ${table} WHERE ref = ? COLLATE NOCASE`).all('x') as { detail: string }[];
    const detail = plan.map((p) => p.detail).join('; ');
    expect(detail).toMatch(new RegExp(`SEARCH ${table} USING (COVERING )?INDEX ${table}_ref_nocase`));
  });

  it('still finds a record whatever the case of the ref typed', () => {
    const ref = (handle.sqlite.prepare(`SELECT ref FROM initiatives ORDER BY id LIMIT 1`).pluck().get() as string);
    const id = handle.sqlite.prepare(`SELECT id FROM initiatives WHERE ref = ?`).pluck().get(ref);
    expect(idByRef(handle.sqlite, 'initiative', ref.toLowerCase())).toBe(id);
    expect(idByRef(handle.sqlite, 'initiative', ref.toUpperCase())).toBe(id);
    expect(idByRef(handle.sqlite, 'initiative', 'no-such-ref')).toBeNull();
  });
});
