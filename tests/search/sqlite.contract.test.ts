import { describeSearchContract } from './contract.ts';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';

describeSearchContract('embedded SQLite FTS5', async (handle) => new SqliteSearchEngine(handle.sqlite));

// The same contract with the text matches read in the FTS worker thread (as the app reads them).
describeSearchContract('embedded SQLite FTS5, text matches read in the worker thread', async (handle) => {
  const engine = new SqliteSearchEngine(handle.sqlite, { ftsWorker: true });
  if (!(await engine.startFtsWorker())) throw new Error('the FTS worker did not start');
  return engine;
});
