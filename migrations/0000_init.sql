CREATE TABLE `area_programmes` (
	`area_id` integer NOT NULL,
	`programme_id` integer NOT NULL,
	`period_start` integer,
	`period_end` integer,
	PRIMARY KEY(`area_id`, `programme_id`),
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `area_sources` (
	`area_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`area_id`, `source_id`),
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`district` text,
	`municipality` text,
	`country_code` text NOT NULL,
	`population` text,
	`notes` text,
	`confidence` text NOT NULL,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `areas_slug_unique` ON `areas` (`slug`);--> statement-breakpoint
CREATE INDEX `areas_country_idx` ON `areas` (`country_code`);--> statement-breakpoint
CREATE TABLE `countries` (
	`code` text PRIMARY KEY NOT NULL,
	`name_nb` text NOT NULL,
	`name_en` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `initiative_areas` (
	`initiative_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`initiative_id`, `area_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `initiative_areas_area_idx` ON `initiative_areas` (`area_id`);--> statement-breakpoint
CREATE TABLE `initiative_sources` (
	`initiative_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`initiative_id`, `source_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `initiative_terms` (
	`initiative_id` integer NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`initiative_id`, `kind`, `code`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `initiative_terms_code_idx` ON `initiative_terms` (`kind`,`code`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`seed_ref` text,
	`title_nb` text,
	`title_original` text,
	`original_language` text,
	`title_en` text NOT NULL,
	`summary_nb` text DEFAULT '' NOT NULL,
	`summary_en` text DEFAULT '' NOT NULL,
	`location_text` text,
	`programme_id` integer,
	`country_code` text NOT NULL,
	`period_start` integer,
	`period_end` integer,
	`target_groups_original` text NOT NULL,
	`outcomes` text,
	`confidence` text NOT NULL,
	`notes` text,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_slug_unique` ON `initiatives` (`slug`);--> statement-breakpoint
CREATE INDEX `initiatives_programme_idx` ON `initiatives` (`programme_id`);--> statement-breakpoint
CREATE INDEX `initiatives_country_idx` ON `initiatives` (`country_code`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `programme_sources` (
	`programme_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`programme_id`, `source_id`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name_original` text NOT NULL,
	`name_en` text NOT NULL,
	`country_code` text NOT NULL,
	`period_start` integer,
	`period_end` integer,
	`responsible` text NOT NULL,
	`goals` text,
	`budget` text,
	`structure` text,
	`population` text,
	`evaluations` text NOT NULL,
	`key_findings` text,
	`note` text,
	`confidence` text NOT NULL,
	`content_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_slug_unique` ON `programmes` (`slug`);--> statement-breakpoint
CREATE INDEX `programmes_country_idx` ON `programmes` (`country_code`);--> statement-breakpoint
CREATE TABLE `search_documents` (
	`initiative_id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`places` text NOT NULL,
	`programme` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `search_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`op` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`available_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_outbox_available_idx` ON `search_outbox` (`available_at`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`url` text NOT NULL,
	`title` text NOT NULL,
	`publisher` text,
	`year` integer,
	`type` text,
	`language` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_url_unique` ON `sources` (`url`);--> statement-breakpoint
CREATE TABLE `terms` (
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`label_nb` text NOT NULL,
	`label_en` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `code`)
);
