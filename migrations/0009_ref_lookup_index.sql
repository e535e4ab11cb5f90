-- Custom migration: records are found by ref in any letter case (`ref = ? COLLATE NOCASE`,
-- server/domain/records/shared.ts). The unique index on `ref` uses the BINARY collation,
-- so that lookup scanned the whole table (tens of milliseconds per record page or API
-- call at 100,000 initiatives, and as much for an unknown ref). One NOCASE index per
-- record table lets it seek. No data changes.
CREATE INDEX IF NOT EXISTS `initiatives_ref_nocase` ON `initiatives` (`ref` COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `areas_ref_nocase` ON `areas` (`ref` COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `programmes_ref_nocase` ON `programmes` (`ref` COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `organisations_ref_nocase` ON `organisations` (`ref` COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `events_ref_nocase` ON `events` (`ref` COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `resources_ref_nocase` ON `resources` (`ref` COLLATE NOCASE);
