-- Custom migration: leases for jobs only one process may do at a time (the Meilisearch
-- drainer, a Meilisearch rebuild). See server/search/meili/lease.ts.
CREATE TABLE IF NOT EXISTS `search_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
-- The timestamp pause flag of `npm run reindex` is replaced by the `meili-rebuild` lease.
DELETE FROM `meta` WHERE `key` = 'search_reindex';
