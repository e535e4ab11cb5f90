-- Custom migration: the knowledge model, second edition (docs/architecture.md, "Data").
-- Carries every row of the first model forward:
--   * free texts become their English column (outcomes -> outcomes_en, notes -> notes_en,
--     a programme's goals -> goals_en …); the Norwegian columns start empty;
--   * an initiative's one programme becomes a row of initiative_programmes (role part-of);
--   * the seed reference becomes the stable `ref` (I001 …); rows without one get I + id;
--     programmes get their slug in upper case (the fact base's own ids), areas A + id;
--   * confidence becomes the fixed list: seen -> verified unless the record's own note says
--     inferred, approximated or recalled (then partly-inferred); mixed -> partly-inferred;
--     anything else -> unverified; a free-text value is kept as the confidence note;
--   * sources get a kind from their stated type (copies, news), publisher otherwise;
--   * status: ended when the period has an end year before this year, ongoing when it
--     ends this year or later, unknown-end without an end year.
-- The initiatives table is rebuilt (SQLite cannot drop a column that has a foreign key);
-- runMigrations() turns foreign keys off around migrations and checks them afterwards,
-- so the rebuild cascades nothing.
DROP TRIGGER IF EXISTS `programmes_outbox_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programmes_outbox_ad`;
--> statement-breakpoint
ALTER TABLE `terms` ADD `definition_nb` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `terms` ADD `definition_en` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `terms` ADD `external_ref` text;
--> statement-breakpoint
ALTER TABLE `sources` ADD `kind` text DEFAULT 'publisher' NOT NULL;
--> statement-breakpoint
ALTER TABLE `sources` ADD `original_publisher` text;
--> statement-breakpoint
ALTER TABLE `sources` ADD `link_status` text DEFAULT 'unchecked' NOT NULL;
--> statement-breakpoint
ALTER TABLE `sources` ADD `http_status` integer;
--> statement-breakpoint
ALTER TABLE `sources` ADD `last_checked` text;
--> statement-breakpoint
UPDATE `sources` SET `kind` = CASE
    WHEN lower(coalesce(`type`, '')) LIKE '%copy%' OR lower(coalesce(`type`, '')) LIKE '%mirror%' THEN 'copy'
    WHEN lower(coalesce(`type`, '')) = 'news' OR lower(coalesce(`type`, '')) = 'press release' THEN 'news'
    ELSE 'publisher' END;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `ref` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `programmes` SET `ref` = upper(`slug`);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_ref_unique` ON `programmes` (`ref`);
--> statement-breakpoint
ALTER TABLE `programmes` ADD `name_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `level` text;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `responsible` TO `responsible_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `responsible_nb` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `goals` TO `goals_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `goals_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `budget` TO `budget_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `budget_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `structure` TO `structure_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `structure_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `population` TO `population_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `population_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `evaluations` TO `evaluations_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `evaluations_nb` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `key_findings` TO `key_findings_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `key_findings_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` RENAME COLUMN `note` TO `note_en`;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `note_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `confidence_note_nb` text;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `confidence_note_en` text;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `last_verified` text;
--> statement-breakpoint
ALTER TABLE `programmes` ADD `text_language` text DEFAULT 'en' NOT NULL;
--> statement-breakpoint
UPDATE `programmes` SET
  `confidence_note_en` = CASE WHEN lower(confidence) LIKE 'seen%' OR lower(confidence) LIKE 'recalled%' THEN NULL ELSE confidence END,
  `confidence` = CASE
    WHEN lower(confidence) LIKE 'seen%' AND NOT (coalesce(lower(note_en), '') LIKE '%inferred%' OR coalesce(lower(note_en), '') LIKE '%approximat%' OR coalesce(lower(note_en), '') LIKE '%recalled%') THEN 'verified'
    WHEN lower(confidence) LIKE 'seen%' OR lower(confidence) LIKE 'mixed%' THEN 'partly-inferred'
    ELSE 'unverified' END;
--> statement-breakpoint
ALTER TABLE `areas` ADD `ref` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `areas` SET `ref` = printf('A%03d', `id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `areas_ref_unique` ON `areas` (`ref`);
--> statement-breakpoint
ALTER TABLE `areas` ADD `area_type` text;
--> statement-breakpoint
ALTER TABLE `areas` RENAME COLUMN `population` TO `population_en`;
--> statement-breakpoint
ALTER TABLE `areas` ADD `population_nb` text;
--> statement-breakpoint
ALTER TABLE `areas` ADD `population_count` integer;
--> statement-breakpoint
ALTER TABLE `areas` ADD `population_year` integer;
--> statement-breakpoint
ALTER TABLE `areas` ADD `population_source_id` integer REFERENCES sources(id);
--> statement-breakpoint
ALTER TABLE `areas` RENAME COLUMN `notes` TO `description_en`;
--> statement-breakpoint
ALTER TABLE `areas` ADD `description_nb` text;
--> statement-breakpoint
ALTER TABLE `areas` ADD `latitude` real;
--> statement-breakpoint
ALTER TABLE `areas` ADD `longitude` real;
--> statement-breakpoint
ALTER TABLE `areas` ADD `coordinates_note` text;
--> statement-breakpoint
ALTER TABLE `areas` ADD `coordinates_source_id` integer REFERENCES sources(id);
--> statement-breakpoint
ALTER TABLE `areas` ADD `confidence_note_nb` text;
--> statement-breakpoint
ALTER TABLE `areas` ADD `confidence_note_en` text;
--> statement-breakpoint
ALTER TABLE `areas` ADD `last_verified` text;
--> statement-breakpoint
ALTER TABLE `areas` ADD `text_language` text DEFAULT 'en' NOT NULL;
--> statement-breakpoint
UPDATE `areas` SET
  `confidence_note_en` = CASE WHEN lower(confidence) LIKE 'seen%' OR lower(confidence) LIKE 'recalled%' THEN NULL ELSE confidence END,
  `confidence` = CASE
    WHEN lower(confidence) LIKE 'seen%' AND NOT (coalesce(lower(description_en), '') LIKE '%inferred%' OR coalesce(lower(description_en), '') LIKE '%approximat%' OR coalesce(lower(description_en), '') LIKE '%recalled%') THEN 'verified'
    WHEN lower(confidence) LIKE 'seen%' OR lower(confidence) LIKE 'mixed%' THEN 'partly-inferred'
    ELSE 'unverified' END;
--> statement-breakpoint
CREATE TABLE `initiatives_new` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`slug` text NOT NULL,
	`title_nb` text,
	`title_original` text,
	`original_language` text,
	`title_en` text NOT NULL,
	`summary_nb` text DEFAULT '' NOT NULL,
	`summary_en` text DEFAULT '' NOT NULL,
	`location_text` text,
	`country_code` text NOT NULL,
	`period_start` integer,
	`period_end` integer,
	`status` text DEFAULT 'unknown-end' NOT NULL,
	`target_groups_original` text NOT NULL,
	`target_groups_original_nb` text DEFAULT '[]' NOT NULL,
	`outcomes_nb` text,
	`outcomes_en` text,
	`lessons_nb` text,
	`lessons_en` text,
	`lessons_source_id` integer,
	`evidence_level` text DEFAULT 'not-stated' NOT NULL,
	`evidence_note_nb` text,
	`evidence_note_en` text,
	`continuation` text,
	`continuation_note_nb` text,
	`continuation_note_en` text,
	`continuation_source_id` integer,
	`notes_nb` text,
	`notes_en` text,
	`confidence` text NOT NULL,
	`confidence_note_nb` text,
	`confidence_note_en` text,
	`last_verified` text,
	`text_language` text DEFAULT 'en' NOT NULL,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lessons_source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`continuation_source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `initiatives_new` (
  `id`, `ref`, `slug`, `title_nb`, `title_original`, `original_language`, `title_en`, `summary_nb`, `summary_en`,
  `location_text`, `country_code`, `period_start`, `period_end`, `status`, `target_groups_original`,
  `outcomes_en`, `notes_en`, `confidence`, `confidence_note_en`, `content_hash`, `created_at`, `updated_at`)
SELECT
  `id`, coalesce(`seed_ref`, printf('I%05d', `id`)), `slug`, `title_nb`, `title_original`, `original_language`, `title_en`,
  `summary_nb`, `summary_en`, `location_text`, `country_code`, `period_start`, `period_end`,
  CASE WHEN `period_end` IS NULL THEN 'unknown-end'
       WHEN `period_end` < CAST(strftime('%Y', 'now') AS integer) THEN 'ended'
       ELSE 'ongoing' END,
  `target_groups_original`, `outcomes`, `notes`,
  CASE
    WHEN lower(confidence) LIKE 'seen%' AND NOT (coalesce(lower(notes), '') LIKE '%inferred%' OR coalesce(lower(notes), '') LIKE '%approximat%' OR coalesce(lower(notes), '') LIKE '%recalled%') THEN 'verified'
    WHEN lower(confidence) LIKE 'seen%' OR lower(confidence) LIKE 'mixed%' THEN 'partly-inferred'
    ELSE 'unverified' END,
  CASE WHEN lower(confidence) LIKE 'seen%' OR lower(confidence) LIKE 'recalled%' THEN NULL ELSE confidence END,
  `content_hash`, `created_at`, `updated_at`
FROM `initiatives`;
--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`name_en` text,
	`kind` text NOT NULL,
	`country_code` text,
	`website` text,
	`description_nb` text,
	`description_en` text,
	`source_id` integer,
	`confidence` text NOT NULL,
	`confidence_note_nb` text,
	`confidence_note_en` text,
	`last_verified` text,
	`text_language` text DEFAULT 'en' NOT NULL,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_ref_unique` ON `organisations` (`ref`);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);
--> statement-breakpoint
CREATE TABLE `initiative_organisations` (
	`initiative_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`source_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`initiative_id`, `organisation_id`, `role`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiative_organisations_org_idx` ON `initiative_organisations` (`organisation_id`);
--> statement-breakpoint
CREATE TABLE `programme_organisations` (
	`programme_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`source_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`programme_id`, `organisation_id`, `role`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programme_organisations_org_idx` ON `programme_organisations` (`organisation_id`);
--> statement-breakpoint
CREATE TABLE `funding_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer,
	`programme_id` integer,
	`amount` real,
	`currency` text,
	`year` integer,
	`funder_id` integer,
	`text_nb` text,
	`text_en` text,
	`source_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`funder_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "funding_lines_one_owner" CHECK(("funding_lines"."initiative_id" IS NULL) <> ("funding_lines"."programme_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `funding_lines_initiative_idx` ON `funding_lines` (`initiative_id`);
--> statement-breakpoint
CREATE INDEX `funding_lines_programme_idx` ON `funding_lines` (`programme_id`);
--> statement-breakpoint
CREATE TABLE `participation_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`method` text NOT NULL,
	`who_nb` text,
	`who_en` text,
	`participant_count` integer,
	`stage` text,
	`influence` text,
	`text_nb` text,
	`text_en` text,
	`source_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participation_entries_initiative_idx` ON `participation_entries` (`initiative_id`);
--> statement-breakpoint
CREATE TABLE `anchoring_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text_nb` text,
	`text_en` text,
	`source_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `anchoring_entries_initiative_idx` ON `anchoring_entries` (`initiative_id`);
--> statement-breakpoint
CREATE TABLE `initiative_relations` (
	`initiative_id` integer NOT NULL,
	`related_id` integer NOT NULL,
	`relation` text NOT NULL,
	PRIMARY KEY(`initiative_id`, `related_id`, `relation`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`related_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`slug` text NOT NULL,
	`name_nb` text NOT NULL,
	`name_en` text NOT NULL,
	`date` text,
	`date_note_nb` text,
	`date_note_en` text,
	`place_nb` text,
	`place_en` text,
	`audience_nb` text,
	`audience_en` text,
	`description_nb` text,
	`description_en` text,
	`not_found_nb` text DEFAULT '[]' NOT NULL,
	`not_found_en` text DEFAULT '[]' NOT NULL,
	`source_id` integer,
	`confidence` text NOT NULL,
	`confidence_note_nb` text,
	`confidence_note_en` text,
	`last_verified` text,
	`text_language` text DEFAULT 'en' NOT NULL,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_ref_unique` ON `events` (`ref`);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_slug_unique` ON `events` (`slug`);
--> statement-breakpoint
CREATE TABLE `event_organisations` (
	`event_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`event_id`, `organisation_id`, `role`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `resources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`title_original` text NOT NULL,
	`title_nb` text,
	`title_en` text,
	`language` text,
	`event_id` integer,
	`date` text,
	`year` integer,
	`summary_nb` text,
	`summary_en` text,
	`notes_nb` text,
	`notes_en` text,
	`confidence` text NOT NULL,
	`confidence_note_nb` text,
	`confidence_note_en` text,
	`last_verified` text,
	`text_language` text DEFAULT 'en' NOT NULL,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resources_ref_unique` ON `resources` (`ref`);
--> statement-breakpoint
CREATE UNIQUE INDEX `resources_slug_unique` ON `resources` (`slug`);
--> statement-breakpoint
CREATE INDEX `resources_event_idx` ON `resources` (`event_id`);
--> statement-breakpoint
CREATE TABLE `resource_people` (
	`resource_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`role` text,
	`organisation_id` integer,
	PRIMARY KEY(`resource_id`, `position`),
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `resource_links` (
	`resource_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`link_status` text DEFAULT 'unchecked' NOT NULL,
	`http_status` integer,
	`last_checked` text,
	PRIMARY KEY(`resource_id`, `position`),
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `resource_programmes` (
	`resource_id` integer NOT NULL,
	`programme_id` integer NOT NULL,
	PRIMARY KEY(`resource_id`, `programme_id`),
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `resource_programmes_idx` ON `resource_programmes` (`programme_id`);
--> statement-breakpoint
CREATE TABLE `resource_areas` (
	`resource_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	PRIMARY KEY(`resource_id`, `area_id`),
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `resource_areas_idx` ON `resource_areas` (`area_id`);
--> statement-breakpoint
CREATE TABLE `resource_initiatives` (
	`resource_id` integer NOT NULL,
	`initiative_id` integer NOT NULL,
	PRIMARY KEY(`resource_id`, `initiative_id`),
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `resource_initiatives_idx` ON `resource_initiatives` (`initiative_id`);
--> statement-breakpoint
CREATE TABLE `slug_history` (
	`kind` text NOT NULL,
	`old_slug` text NOT NULL,
	`record_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`kind`, `old_slug`)
);
--> statement-breakpoint
CREATE TABLE `initiative_programmes` (
	`initiative_id` integer NOT NULL,
	`programme_id` integer NOT NULL,
	`role` text DEFAULT 'part-of' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`initiative_id`, `programme_id`, `role`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `initiative_programmes_programme_idx` ON `initiative_programmes` (`programme_id`);
--> statement-breakpoint

INSERT INTO `initiative_programmes` (`initiative_id`, `programme_id`, `role`, `position`)
SELECT `id`, `programme_id`, 'part-of', 0 FROM `initiatives` WHERE `programme_id` IS NOT NULL;
--> statement-breakpoint
DROP TABLE `initiatives`;
--> statement-breakpoint
ALTER TABLE `initiatives_new` RENAME TO `initiatives`;
--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_ref_unique` ON `initiatives` (`ref`);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_slug_unique` ON `initiatives` (`slug`);
--> statement-breakpoint
CREATE INDEX `initiatives_country_idx` ON `initiatives` (`country_code`);
--> statement-breakpoint
CREATE TRIGGER `initiatives_rev_ai` AFTER INSERT ON `initiatives` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_rev_au` AFTER UPDATE ON `initiatives` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_rev_ad` AFTER DELETE ON `initiatives` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_rev_ai` AFTER INSERT ON `initiative_programmes` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_rev_ad` AFTER DELETE ON `initiative_programmes` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_outbox_ai` AFTER INSERT ON `initiatives` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_outbox_au` AFTER UPDATE ON `initiatives` BEGIN
  INSERT INTO search_outbox (initiative_id, op) SELECT old.id, 'delete' WHERE old.id IS NOT new.id;
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiatives_outbox_ad` AFTER DELETE ON `initiatives` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (old.id, 'delete');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_outbox_ai` AFTER INSERT ON `initiative_programmes` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_programmes_outbox_ad` AFTER DELETE ON `initiative_programmes` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (old.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_outbox_au` AFTER UPDATE OF `slug`, `name_original`, `name_nb`, `name_en` ON `programmes` BEGIN
  INSERT INTO search_outbox (initiative_id, op)
  SELECT initiative_id, 'upsert' FROM initiative_programmes WHERE programme_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_outbox_ad` BEFORE DELETE ON `programmes` BEGIN
  INSERT INTO search_outbox (initiative_id, op)
  SELECT initiative_id, 'upsert' FROM initiative_programmes WHERE programme_id = old.id;
END;
