import { describeSearchContract } from './contract.ts';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';

describeSearchContract('embedded SQLite FTS5', async (handle) => new SqliteSearchEngine(handle.sqlite));
