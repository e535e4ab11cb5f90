// The facet table's read of every published initiative (loadFacetFields, at start-up and
// after every change to initiatives) is covered by an index (migration 0010): SQLite reads
// the index alone, not the initiatives' texts; so is its read of the term links (migration
// 0013), in (kind, code) order with no sort. Checked on the statements the code prepares.
import { describe, expect, it } from 'vitest';
import { loadFacetFields } from '../../server/search/facet-fields.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';

describe('the facet fields read', () => {
  it('uses covering indexes on initiatives and on the term links', () => {
    const h = createTestDatabase();
    try {
      const prepared: string[] = [];
      const prepare = h.sqlite.prepare.bind(h.sqlite);
      h.sqlite.prepare = ((sql: string) => {
        prepared.push(sql);
        return prepare(sql);
      }) as typeof h.sqlite.prepare;
      expect(loadFacetFields(h.sqlite).length).toBeGreaterThan(0);
      h.sqlite.prepare = prepare;
      const read = prepared.find((sql) => /FROM initiatives i\b/.test(sql));
      expect(read).toBeDefined();
      const plan = (h.sqlite.prepare(`EXPLAIN QUERY PLAN ${read}`).all() as { detail: string }[]).map((r) => r.detail);
      expect(plan.some((d) => /COVERING INDEX initiatives_facet_fields/.test(d))).toBe(true);
      expect(plan.some((d) => /^SCAN i\b/.test(d))).toBe(false);
      const terms = prepared.find((sql) => /FROM initiative_terms x/.test(sql));
      expect(terms).toBeDefined();
      const termPlan = (h.sqlite.prepare(`EXPLAIN QUERY PLAN ${terms}`).all() as { detail: string }[]).map((r) => r.detail);
      expect(termPlan).toEqual(['SCAN x USING COVERING INDEX initiative_terms_code_idx']);
    } finally {
      h.close();
      removeDbFile(h.file);
    }
  });
});
