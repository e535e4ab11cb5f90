-- Custom migration: the editorial layer.
-- * users (scrypt hashes with their salt and parameters), sessions (only a hash of the
--   session id is stored) and login_failures (the login throttle's counters);
-- * a `state` on every record kind (draft | review | published | withdrawn); existing
--   rows are published, so the catalogue carries forward unchanged;
-- * uploads: files of resources (slides, reports, images) stored under UPLOAD_DIR;
-- * suggestions: new cases and corrections sent by anyone, and what an editor did with them;
-- * import_batches: an uploaded spreadsheet of initiatives between its dry run and its apply;
-- * revisions: every editorial change to a record, with the record's input before and
--   after (the *Input shape of server/schemas/catalogue.ts), numbered per record.
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`password_hash` text NOT NULL,
	`role` text NOT NULL CHECK (`role` IN ('editor', 'admin')),
	`disabled` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_idx` ON `users` (`email`);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE,
	`csrf_token` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`first_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`ref` text NOT NULL,
	`number` integer NOT NULL,
	`user_id` integer REFERENCES `users`(`id`) ON DELETE SET NULL,
	`action` text NOT NULL,
	`state` text NOT NULL,
	`fields` text NOT NULL,
	`before` text,
	`after` text NOT NULL,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revisions_record_idx` ON `revisions` (`kind`, `ref`, `number`);
--> statement-breakpoint
ALTER TABLE `initiatives` ADD `state` text DEFAULT 'published' NOT NULL CHECK (`state` IN ('draft', 'review', 'published', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE `areas` ADD `state` text DEFAULT 'published' NOT NULL CHECK (`state` IN ('draft', 'review', 'published', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE `programmes` ADD `state` text DEFAULT 'published' NOT NULL CHECK (`state` IN ('draft', 'review', 'published', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE `organisations` ADD `state` text DEFAULT 'published' NOT NULL CHECK (`state` IN ('draft', 'review', 'published', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE `events` ADD `state` text DEFAULT 'published' NOT NULL CHECK (`state` IN ('draft', 'review', 'published', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE `resources` ADD `state` text DEFAULT 'published' NOT NULL CHECK (`state` IN ('draft', 'review', 'published', 'withdrawn'));
--> statement-breakpoint
CREATE TABLE `uploads` (
	`name` text PRIMARY KEY NOT NULL,
	`original_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`user_id` integer REFERENCES `users`(`id`) ON DELETE SET NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL CHECK (`type` IN ('new', 'correction')),
	`target_kind` text,
	`target_ref` text,
	`text` text NOT NULL,
	`source_url` text,
	`name` text,
	`email` text,
	`locale` text NOT NULL,
	`ip_hash` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL CHECK (`status` IN ('open', 'accepted', 'rejected')),
	`note` text,
	`draft_ref` text,
	`handled_by` integer REFERENCES `users`(`id`) ON DELETE SET NULL,
	`handled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `suggestions_status_idx` ON `suggestions` (`status`, `created_at`);
--> statement-breakpoint
CREATE INDEX `suggestions_ip_idx` ON `suggestions` (`ip_hash`, `created_at`);
--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE,
	`filename` text NOT NULL,
	`rows` text NOT NULL,
	`applied_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
