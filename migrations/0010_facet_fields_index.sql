-- Custom migration: the embedded engine builds its facet table at start-up from a few
-- columns of every published initiative (server/search/documents.ts, loadFacetFields). Without
-- an index holding them, that read scanned the whole initiatives table, texts and all (about
-- 0.2 s of the start-up at 100,000 initiatives); this index covers it, so SQLite reads the
-- index alone. No data changes.
CREATE INDEX IF NOT EXISTS `initiatives_facet_fields` ON `initiatives` (`state`, `id`, `slug`, `country_code`, `period_start`, `period_end`, `status`, `evidence_level`, `continuation`);
