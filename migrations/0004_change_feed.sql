-- Custom migration: one change feed for every search document.
-- * search_outbox now names a document (kind, record_id), not only an initiative, and
--   search_consumers keeps each engine's cursor into it (server/search/change-feed.ts);
-- * record_documents + record_fts hold the search text of areas, programmes,
--   organisations, events and resources, beside search_documents for initiatives;
-- * triggers on every table a document reads (vocabularies and countries included) write
--   the feed; they replace the per-initiative outbox triggers and the revision counter
--   triggers, which the embedded consumer now keeps (meta.catalogue);
-- * every document is queued once, so the first start projects the new model.
-- Pending entries of the old outbox are carried over as initiative entries.
DROP TRIGGER IF EXISTS `initiatives_outbox_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_terms_outbox_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_terms_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_terms_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_areas_outbox_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_areas_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_areas_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_sources_outbox_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_sources_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_sources_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `areas_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `areas_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programmes_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programmes_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_rev_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_rev_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_rev_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_programmes_rev_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_programmes_rev_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_outbox_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_programmes_outbox_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_programmes_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programmes_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programmes_outbox_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_rev_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_rev_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiatives_rev_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_terms_rev_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_terms_rev_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_areas_rev_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `initiative_areas_rev_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programmes_rev_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `areas_rev_au`;
--> statement-breakpoint
CREATE TABLE `search_outbox_new` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`record_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_outbox_new` (`id`, `kind`, `record_id`, `created_at`)
SELECT `id`, 'initiative', `initiative_id`, `created_at` FROM `search_outbox`;
--> statement-breakpoint
DROP TABLE `search_outbox`;
--> statement-breakpoint
ALTER TABLE `search_outbox_new` RENAME TO `search_outbox`;
--> statement-breakpoint
CREATE TABLE `search_consumers` (
	`name` text PRIMARY KEY NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `record_documents` (
	`doc_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`record_id` integer NOT NULL,
	`title` text NOT NULL,
	`names` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_documents_record_idx` ON `record_documents` (`kind`,`record_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `record_fts` USING fts5(
  title, names, body,
  content='record_documents', content_rowid='doc_id',
  tokenize='unicode61 remove_diacritics 0', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `record_documents_ai` AFTER INSERT ON `record_documents` BEGIN
  INSERT INTO record_fts(rowid, title, names, body) VALUES (new.doc_id, new.title, new.names, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `record_documents_ad` AFTER DELETE ON `record_documents` BEGIN
  INSERT INTO record_fts(record_fts, rowid, title, names, body) VALUES ('delete', old.doc_id, old.title, old.names, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `record_documents_au` AFTER UPDATE ON `record_documents` BEGIN
  INSERT INTO record_fts(record_fts, rowid, title, names, body) VALUES ('delete', old.doc_id, old.title, old.names, old.body);
  INSERT INTO record_fts(rowid, title, names, body) VALUES (new.doc_id, new.title, new.names, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_feed_i` AFTER INSERT ON `initiatives` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_feed_u` AFTER UPDATE ON `initiatives` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.id
  UNION SELECT 'initiative', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_feed_d` BEFORE DELETE ON `initiatives` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `areas_feed_i` AFTER INSERT ON `areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'area', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `areas_feed_u` AFTER UPDATE ON `areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'area', old.id
  UNION SELECT 'initiative', initiative_id FROM initiative_areas WHERE area_id = old.id
  UNION SELECT 'resource', resource_id FROM resource_areas WHERE area_id = old.id
  UNION SELECT 'area', new.id
  UNION SELECT 'initiative', initiative_id FROM initiative_areas WHERE area_id = new.id
  UNION SELECT 'resource', resource_id FROM resource_areas WHERE area_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `areas_feed_d` BEFORE DELETE ON `areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'area', old.id
  UNION SELECT 'initiative', initiative_id FROM initiative_areas WHERE area_id = old.id
  UNION SELECT 'resource', resource_id FROM resource_areas WHERE area_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_feed_i` AFTER INSERT ON `programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'programme', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_feed_u` AFTER UPDATE ON `programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'programme', old.id
  UNION SELECT 'initiative', initiative_id FROM initiative_programmes WHERE programme_id = old.id
  UNION SELECT 'area', area_id FROM area_programmes WHERE programme_id = old.id
  UNION SELECT 'resource', resource_id FROM resource_programmes WHERE programme_id = old.id
  UNION SELECT 'programme', new.id
  UNION SELECT 'initiative', initiative_id FROM initiative_programmes WHERE programme_id = new.id
  UNION SELECT 'area', area_id FROM area_programmes WHERE programme_id = new.id
  UNION SELECT 'resource', resource_id FROM resource_programmes WHERE programme_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_feed_d` BEFORE DELETE ON `programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'programme', old.id
  UNION SELECT 'initiative', initiative_id FROM initiative_programmes WHERE programme_id = old.id
  UNION SELECT 'area', area_id FROM area_programmes WHERE programme_id = old.id
  UNION SELECT 'resource', resource_id FROM resource_programmes WHERE programme_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_feed_i` AFTER INSERT ON `organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'organisation', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_feed_u` AFTER UPDATE ON `organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'organisation', old.id
  UNION SELECT 'initiative', initiative_id FROM initiative_organisations WHERE organisation_id = old.id
  UNION SELECT 'programme', programme_id FROM programme_organisations WHERE organisation_id = old.id
  UNION SELECT 'event', event_id FROM event_organisations WHERE organisation_id = old.id
  UNION SELECT 'resource', resource_id FROM resource_people WHERE organisation_id = old.id
  UNION SELECT 'organisation', new.id
  UNION SELECT 'initiative', initiative_id FROM initiative_organisations WHERE organisation_id = new.id
  UNION SELECT 'programme', programme_id FROM programme_organisations WHERE organisation_id = new.id
  UNION SELECT 'event', event_id FROM event_organisations WHERE organisation_id = new.id
  UNION SELECT 'resource', resource_id FROM resource_people WHERE organisation_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_feed_d` BEFORE DELETE ON `organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'organisation', old.id
  UNION SELECT 'initiative', initiative_id FROM initiative_organisations WHERE organisation_id = old.id
  UNION SELECT 'programme', programme_id FROM programme_organisations WHERE organisation_id = old.id
  UNION SELECT 'event', event_id FROM event_organisations WHERE organisation_id = old.id
  UNION SELECT 'resource', resource_id FROM resource_people WHERE organisation_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `events_feed_i` AFTER INSERT ON `events` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'event', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `events_feed_u` AFTER UPDATE ON `events` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'event', old.id
  UNION SELECT 'resource', id FROM resources WHERE event_id = old.id
  UNION SELECT 'event', new.id
  UNION SELECT 'resource', id FROM resources WHERE event_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `events_feed_d` BEFORE DELETE ON `events` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'event', old.id
  UNION SELECT 'resource', id FROM resources WHERE event_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_feed_i` AFTER INSERT ON `resources` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_feed_u` AFTER UPDATE ON `resources` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.id
  UNION SELECT 'resource', new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_feed_d` BEFORE DELETE ON `resources` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_feed_i` AFTER INSERT ON `initiative_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_feed_u` AFTER UPDATE ON `initiative_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id
  UNION SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_feed_d` BEFORE DELETE ON `initiative_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_feed_i` AFTER INSERT ON `initiative_areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_feed_u` AFTER UPDATE ON `initiative_areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id
  UNION SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_feed_d` BEFORE DELETE ON `initiative_areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_terms_feed_i` AFTER INSERT ON `initiative_terms` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_terms_feed_u` AFTER UPDATE ON `initiative_terms` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id
  UNION SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_terms_feed_d` BEFORE DELETE ON `initiative_terms` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_organisations_feed_i` AFTER INSERT ON `initiative_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_organisations_feed_u` AFTER UPDATE ON `initiative_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id
  UNION SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_organisations_feed_d` BEFORE DELETE ON `initiative_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `participation_entries_feed_i` AFTER INSERT ON `participation_entries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `participation_entries_feed_u` AFTER UPDATE ON `participation_entries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id
  UNION SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `participation_entries_feed_d` BEFORE DELETE ON `participation_entries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `anchoring_entries_feed_i` AFTER INSERT ON `anchoring_entries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `anchoring_entries_feed_u` AFTER UPDATE ON `anchoring_entries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id
  UNION SELECT 'initiative', new.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `anchoring_entries_feed_d` BEFORE DELETE ON `anchoring_entries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', old.initiative_id;
END;
--> statement-breakpoint
CREATE TRIGGER `area_programmes_feed_i` AFTER INSERT ON `area_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'area', new.area_id
  UNION SELECT 'programme', new.programme_id;
END;
--> statement-breakpoint
CREATE TRIGGER `area_programmes_feed_u` AFTER UPDATE ON `area_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'area', old.area_id
  UNION SELECT 'programme', old.programme_id
  UNION SELECT 'area', new.area_id
  UNION SELECT 'programme', new.programme_id;
END;
--> statement-breakpoint
CREATE TRIGGER `area_programmes_feed_d` BEFORE DELETE ON `area_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'area', old.area_id
  UNION SELECT 'programme', old.programme_id;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_organisations_feed_i` AFTER INSERT ON `programme_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'programme', new.programme_id
  UNION SELECT 'organisation', new.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_organisations_feed_u` AFTER UPDATE ON `programme_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'programme', old.programme_id
  UNION SELECT 'organisation', old.organisation_id
  UNION SELECT 'programme', new.programme_id
  UNION SELECT 'organisation', new.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_organisations_feed_d` BEFORE DELETE ON `programme_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'programme', old.programme_id
  UNION SELECT 'organisation', old.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `event_organisations_feed_i` AFTER INSERT ON `event_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'event', new.event_id;
END;
--> statement-breakpoint
CREATE TRIGGER `event_organisations_feed_u` AFTER UPDATE ON `event_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'event', old.event_id
  UNION SELECT 'event', new.event_id;
END;
--> statement-breakpoint
CREATE TRIGGER `event_organisations_feed_d` BEFORE DELETE ON `event_organisations` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'event', old.event_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_people_feed_i` AFTER INSERT ON `resource_people` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_people_feed_u` AFTER UPDATE ON `resource_people` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id
  UNION SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_people_feed_d` BEFORE DELETE ON `resource_people` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_links_feed_i` AFTER INSERT ON `resource_links` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_links_feed_u` AFTER UPDATE ON `resource_links` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id
  UNION SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_links_feed_d` BEFORE DELETE ON `resource_links` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_programmes_feed_i` AFTER INSERT ON `resource_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_programmes_feed_u` AFTER UPDATE ON `resource_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id
  UNION SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_programmes_feed_d` BEFORE DELETE ON `resource_programmes` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_areas_feed_i` AFTER INSERT ON `resource_areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_areas_feed_u` AFTER UPDATE ON `resource_areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id
  UNION SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_areas_feed_d` BEFORE DELETE ON `resource_areas` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_initiatives_feed_i` AFTER INSERT ON `resource_initiatives` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_initiatives_feed_u` AFTER UPDATE ON `resource_initiatives` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id
  UNION SELECT 'resource', new.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resource_initiatives_feed_d` BEFORE DELETE ON `resource_initiatives` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'resource', old.resource_id;
END;
--> statement-breakpoint
CREATE TRIGGER `terms_feed_u` AFTER UPDATE ON `terms` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', initiative_id FROM initiative_terms WHERE kind = old.kind AND code = old.code
  UNION SELECT 'initiative', initiative_id FROM participation_entries WHERE old.kind = 'participation-method' AND method = old.code
  UNION SELECT 'initiative', initiative_id FROM anchoring_entries WHERE old.kind = 'anchoring' AND kind = old.code
  UNION SELECT 'initiative', id FROM initiatives WHERE (old.kind = 'status' AND status = old.code) OR (old.kind = 'evidence' AND evidence_level = old.code) OR (old.kind = 'continuation' AND continuation = old.code)
  UNION SELECT 'area', id FROM areas WHERE old.kind = 'area-type' AND area_type = old.code
  UNION SELECT 'organisation', id FROM organisations WHERE old.kind = 'organisation-kind' AND kind = old.code
  UNION SELECT 'resource', id FROM resources WHERE old.kind = 'resource-kind' AND kind = old.code
  UNION SELECT 'initiative', initiative_id FROM initiative_terms WHERE kind = new.kind AND code = new.code
  UNION SELECT 'initiative', initiative_id FROM participation_entries WHERE new.kind = 'participation-method' AND method = new.code
  UNION SELECT 'initiative', initiative_id FROM anchoring_entries WHERE new.kind = 'anchoring' AND kind = new.code
  UNION SELECT 'initiative', id FROM initiatives WHERE (new.kind = 'status' AND status = new.code) OR (new.kind = 'evidence' AND evidence_level = new.code) OR (new.kind = 'continuation' AND continuation = new.code)
  UNION SELECT 'area', id FROM areas WHERE new.kind = 'area-type' AND area_type = new.code
  UNION SELECT 'organisation', id FROM organisations WHERE new.kind = 'organisation-kind' AND kind = new.code
  UNION SELECT 'resource', id FROM resources WHERE new.kind = 'resource-kind' AND kind = new.code;
END;
--> statement-breakpoint
CREATE TRIGGER `terms_feed_d` BEFORE DELETE ON `terms` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', initiative_id FROM initiative_terms WHERE kind = old.kind AND code = old.code
  UNION SELECT 'initiative', initiative_id FROM participation_entries WHERE old.kind = 'participation-method' AND method = old.code
  UNION SELECT 'initiative', initiative_id FROM anchoring_entries WHERE old.kind = 'anchoring' AND kind = old.code
  UNION SELECT 'initiative', id FROM initiatives WHERE (old.kind = 'status' AND status = old.code) OR (old.kind = 'evidence' AND evidence_level = old.code) OR (old.kind = 'continuation' AND continuation = old.code)
  UNION SELECT 'area', id FROM areas WHERE old.kind = 'area-type' AND area_type = old.code
  UNION SELECT 'organisation', id FROM organisations WHERE old.kind = 'organisation-kind' AND kind = old.code
  UNION SELECT 'resource', id FROM resources WHERE old.kind = 'resource-kind' AND kind = old.code;
END;
--> statement-breakpoint
CREATE TRIGGER `countries_feed_u` AFTER UPDATE ON `countries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', id FROM initiatives WHERE country_code = old.code
  UNION SELECT 'area', id FROM areas WHERE country_code = old.code
  UNION SELECT 'programme', id FROM programmes WHERE country_code = old.code
  UNION SELECT 'organisation', id FROM organisations WHERE country_code = old.code
  UNION SELECT 'initiative', id FROM initiatives WHERE country_code = new.code
  UNION SELECT 'area', id FROM areas WHERE country_code = new.code
  UNION SELECT 'programme', id FROM programmes WHERE country_code = new.code
  UNION SELECT 'organisation', id FROM organisations WHERE country_code = new.code;
END;
--> statement-breakpoint
CREATE TRIGGER `countries_feed_d` BEFORE DELETE ON `countries` BEGIN
  INSERT INTO search_outbox (kind, record_id)
  SELECT 'initiative', id FROM initiatives WHERE country_code = old.code
  UNION SELECT 'area', id FROM areas WHERE country_code = old.code
  UNION SELECT 'programme', id FROM programmes WHERE country_code = old.code
  UNION SELECT 'organisation', id FROM organisations WHERE country_code = old.code;
END;

--> statement-breakpoint
INSERT INTO `search_outbox` (`kind`, `record_id`)
SELECT 'initiative', `id` FROM `initiatives`
UNION ALL SELECT 'area', `id` FROM `areas`
UNION ALL SELECT 'programme', `id` FROM `programmes`
UNION ALL SELECT 'organisation', `id` FROM `organisations`
UNION ALL SELECT 'event', `id` FROM `events`
UNION ALL SELECT 'resource', `id` FROM `resources`;
