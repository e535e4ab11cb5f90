// A large export reads its records a batch at a time and lets the event loop turn in
// between, so other requests are answered while it runs (read in one go, an export of tens
// of thousands of hits held up the whole server for seconds); and an initiative withdrawn
// while it runs is left out of the batches read after that. Turns counted, not timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';
import { EXPORT_RECORDS_PER_TURN, exportSearchCsv } from '../../server/domain/export.ts';
import { parseSearchQuery } from '../../server/schemas/search-query.ts';
import { FACETS } from '../../server/search/facets.ts';
import type { SearchEngine } from '../../server/search/types.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { syntheticDatabase, type SyntheticDatabase } from '../helpers/synthetic.ts';

const COUNT = 400;
let db: SyntheticDatabase;
let handle: DatabaseHandle;
let engine: SqliteSearchEngine;

beforeAll(() => {
  db = syntheticDatabase(COUNT, 5);
  handle = db.handle;
  engine = new SqliteSearchEngine(handle.sqlite);
});
afterAll(() => db?.remove());

/** Runs `work` while counting the turns of the event loop (setImmediate callbacks) it lets through. */
async function countTurns<T>(work: () => Promise<T>, onTurn: (turn: number) => void = () => {}): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    onTurn(++turns);
    setImmediate(spin);
  };
  setImmediate(spin);
  const result = await work();
  done = true;
  return { result, turns };
}

describe('a large export', () => {
  it('lets the event loop turn between batches of records and between pages of hits', async () => {
    // Pages of 100 hits (the embedded engine's own are BULK_PAGE_SIZE, more than COUNT).
    const paged: SearchEngine = { name: 'paged', bulkPageSize: 100, search: (q) => engine.search(q), health: () => engine.health(), close: async () => {} };
    const deps = { sqlite: handle.sqlite, engine: paged, facets: FACETS };
    const query = parseSearchQuery({}, 'nb');
    const { result, turns } = await countTurns(() => exportSearchCsv(deps, query));
    expect(result.rows).toBe(COUNT);
    // COUNT / 100 pages of hits and COUNT / EXPORT_RECORDS_PER_TURN batches: a turn between each.
    expect(turns).toBeGreaterThanOrEqual(COUNT / 100 - 1 + COUNT / EXPORT_RECORDS_PER_TURN - 1);
  });

  it('leaves out an initiative withdrawn while it runs', async () => {
    const deps = { sqlite: handle.sqlite, engine, facets: FACETS };
    const query = parseSearchQuery({ sort: 'title' }, 'nb');
    const before = await exportSearchCsv(deps, query);
    const lines = before.body.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(COUNT);
    // The last initiative of the export, withdrawn after the first batch of records is read.
    const lastRef = JSON.parse(lines.at(-1)!.split(',')[0]) as string;
    let withdrawn = false;
    const pages = Math.ceil(COUNT / 100);
    const { result } = await countTurns(
      () => exportSearchCsv(deps, query),
      (turn) => {
        if (turn === pages + 1 && !withdrawn) {
          handle.sqlite.prepare(`UPDATE initiatives SET state = 'withdrawn' WHERE ref = ?`).run(lastRef);
          withdrawn = true;
        }
      },
    );
    expect(withdrawn).toBe(true);
    expect(result.rows).toBe(COUNT - 1);
    expect(result.body).not.toContain(`"${lastRef}"`);
  });

  it('stops at its next turn once nobody waits for it any more', async () => {
    const deps = { sqlite: handle.sqlite, engine, facets: FACETS };
    const query = parseSearchQuery({}, 'nb');
    const whole = await countTurns(() => exportSearchCsv(deps, query));
    const controller = new AbortController();
    const counted = await countTurns(
      () =>
        exportSearchCsv(deps, query, { signal: controller.signal }).then(
          () => 'finished',
          (err: Error) => err.name,
        ),
      (turn) => {
        if (turn === 2) controller.abort();
      },
    );
    expect(counted.result).toBe('AbortError');
    // It stopped right after the turn in which the client went away, not at the end.
    expect(counted.turns).toBeLessThanOrEqual(3);
    expect(whole.turns).toBeGreaterThanOrEqual(COUNT / EXPORT_RECORDS_PER_TURN - 1);
    expect(whole.turns).toBeGreaterThan(counted.turns + 3);
  });
});

