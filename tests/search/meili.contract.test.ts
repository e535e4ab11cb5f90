// The search contract against a real Meilisearch server. It needs one: set MEILI_HOST
// (and MEILI_ADMIN_KEY or MEILI_API_KEY if the server has a master key) and run
// `npm run test:meili`. Each run indexes the fixture into its own throw-away index and
// deletes it afterwards. Without MEILI_HOST the suite is skipped, and says so.
import { describe, it } from 'vitest';
import { describeSearchContract } from './contract.ts';
import { MeilisearchSearchEngine } from '../../server/search/meilisearch-engine.ts';
import { loadSearchDocuments } from '../../server/search/documents.ts';
import { toMeiliDocument } from '../../server/search/meilisearch-documents.ts';
import type { SearchEngine } from '../../server/search/types.ts';
import type { ContractLimits } from './contract.ts';

/** Recall cases a Meilisearch server cannot meet as the app drives it, and why. */
const MEILI_LIMITS: ContractLimits = {
  'inflection-ranking':
    'Meilisearch takes one spelling per query word, so an inflected word is sent as its stem ("ungdommer" as "ungdom") and its exactness rule then prefers the stem, not the form typed',
  'whole-word-ranking':
    'its "attribute" ranking rule comes before "exactness", so a prefix match in the title (Testbyveien) outranks a whole-word match in the places (Testby)',
};

const host = process.env.MEILI_HOST ?? '';

if (!host) {
  const why = 'MEILI_HOST is not set, so there is no Meilisearch server to test against. Start one and run `npm run test:meili` (see README, "Meilisearch")';
  console.log(`[search contract: Meilisearch] SKIPPED: ${why}`);
  describe.skip(`search contract: Meilisearch (SKIPPED: ${why})`, () => {
    it('runs the whole search contract against a live Meilisearch server', () => {});
  });
} else {
  describeSearchContract(`Meilisearch at ${host}`, async (handle): Promise<SearchEngine> => {
    const adminKey = process.env.MEILI_ADMIN_KEY || process.env.MEILI_API_KEY || '';
    const index = `contract_${process.pid}_${Date.now()}`;
    const engine = new MeilisearchSearchEngine({
      host,
      searchKey: process.env.MEILI_API_KEY || adminKey,
      adminKey,
      index,
      timeoutMs: 10_000,
    });
    await engine.ensureIndex();
    await engine.upsertDocuments(loadSearchDocuments(handle.sqlite).map((d) => toMeiliDocument(d)));
    return {
      name: engine.name,
      search: (query) => engine.search(query),
      health: () => engine.health(),
      close: () => engine.deleteIndex(index),
    };
  }, MEILI_LIMITS);
}
