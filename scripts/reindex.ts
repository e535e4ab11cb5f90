// npm run reindex [-- --db FILE]: rebuilds the search index from SQLite.
//   SEARCH_ENGINE=meilisearch: builds a fresh Meilisearch index and swaps it in (needs the
//     admin key: MEILI_ADMIN_KEY, or MEILI_API_KEY when that is an admin key).
//   SEARCH_ENGINE=sqlite: rewrites the search documents and rebuilds the FTS5 index.
// Prints progress; exits non-zero if anything failed.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { checkpointWal, openDatabase, runMigrations } from '../db/client.ts';
import { MeilisearchSearchEngine, meiliOptionsFromConfig, describeMeiliError } from '../server/search/meilisearch-engine.ts';
import { rebuildEmbeddedIndex, rebuildMeilisearchIndex } from '../server/search/reindex.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, batch: { type: 'string' } }, strict: true });
  const config = loadConfig();
  const file = values.db ?? config.DB_FILE;
  // A mistyped path must not become a new, empty database that is then "reindexed".
  if (!fs.existsSync(file)) throw new Error(`DB_FILE ${JSON.stringify(file)} does not exist`);
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    if (config.SEARCH_ENGINE === 'sqlite') {
      const n = await rebuildEmbeddedIndex(handle.sqlite, { progress: (line) => console.log(`reindex: ${line}`) });
      checkpointWal(handle.sqlite);
      console.log(`reindex: SEARCH_ENGINE=sqlite, rebuilt the embedded FTS5 index for ${n} initiatives in ${file} (Meilisearch not touched)`);
      return;
    }
    const batchSize = values.batch ? Number(values.batch) : 500;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch must be a positive whole number');
    // Bulk writes take longer than a search: allow at least 30 s per request.
    const engine = new MeilisearchSearchEngine({ ...meiliOptionsFromConfig(config), timeoutMs: Math.max(config.MEILI_TIMEOUT_MS, 30_000) });
    const health = await engine.health();
    if (!health.ok) throw new Error(health.detail ?? 'Meilisearch is not healthy');
    console.log(`reindex: SEARCH_ENGINE=meilisearch, index "${config.MEILI_INDEX}", from ${file}`);
    const report = await rebuildMeilisearchIndex(handle.sqlite, engine, {
      batchSize,
      progress: (line) => console.log(`reindex: ${line}`),
    });
    console.log(`reindex: done, ${report.documents} documents live in "${report.index}"`);
  } finally {
    handle.close();
  }
}

main().catch((err) => {
  // Meilisearch failures arrive as MeiliUnavailableError, whose message holds no key or URL.
  console.error(`reindex failed: ${err instanceof Error ? err.message : describeMeiliError(err)}`);
  process.exit(1);
});
