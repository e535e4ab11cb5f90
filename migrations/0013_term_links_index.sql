-- The facet table reads every term's initiatives in one pass over this index
-- (server/search/facet-fields.ts): with initiative_id in it, SQLite reads the index alone.
-- No data changes.
DROP INDEX `initiative_terms_code_idx`;--> statement-breakpoint
CREATE INDEX `initiative_terms_code_idx` ON `initiative_terms` (`kind`,`code`,`initiative_id`);