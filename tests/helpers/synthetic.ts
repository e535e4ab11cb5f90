// A synthetic catalogue (scripts/generate.ts) in a database file of its own, for tests that
// need more initiatives than the fixture: counts against SQL, paging, batching, stores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { generateCatalogue } from '../../scripts/generate.ts';

export interface SyntheticDatabase {
  handle: DatabaseHandle;
  /** Closes the database and deletes its directory. */
  remove(): void;
}

export function syntheticDatabase(count: number, seed: number): SyntheticDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-synthetic-'));
  const file = path.join(dir, 'synthetic.db');
  generateCatalogue(file, { count, seed });
  const handle = openDatabase(file);
  return {
    handle,
    remove() {
      handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
