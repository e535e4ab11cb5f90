// Reads the committed seed files (seed/data/*.json) into the shape importCatalogue takes.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CatalogueInput } from '../server/domain/import-catalogue.ts';

export const SEED_DIR = fileURLToPath(new URL('./data', import.meta.url));

function readJson<T>(dir: string, name: string): T {
  const file = path.join(dir, name);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`Cannot read seed file ${file}: ${(err as Error).message}`);
  }
}

export function readSeedCatalogue(dir = SEED_DIR): CatalogueInput {
  return {
    vocabularies: readJson(dir, 'vocabularies.json'),
    sources: readJson(dir, 'sources.json'),
    programmes: readJson(dir, 'programmes.json'),
    areas: readJson(dir, 'areas.json'),
    organisations: readJson(dir, 'organisations.json'),
    initiatives: readJson(dir, 'initiatives.json'),
    events: readJson(dir, 'events.json'),
    resources: readJson(dir, 'resources.json'),
  };
}
