-- Custom migration: what `npm run check-links` records.
-- * sources and resource_links keep their link-check columns (from 0003) and gain
--   `final_url`, where a redirect ended; the outcome `redirect` is renamed `redirected`
--   (existing rows carry forward);
-- * organisation_website_checks: the last check of an organisation's website, in its own
--   table so that a check does not count as an edit of the organisation (no change-feed
--   or search reindex); `url` is the website that was checked, so a changed website is
--   never shown with an old result.
ALTER TABLE `sources` ADD `final_url` text;
--> statement-breakpoint
ALTER TABLE `resource_links` ADD `final_url` text;
--> statement-breakpoint
UPDATE `sources` SET `link_status` = 'redirected' WHERE `link_status` = 'redirect';
--> statement-breakpoint
UPDATE `resource_links` SET `link_status` = 'redirected' WHERE `link_status` = 'redirect';
--> statement-breakpoint
CREATE TABLE `organisation_website_checks` (
	`organisation_id` integer PRIMARY KEY NOT NULL REFERENCES `organisations`(`id`) ON DELETE CASCADE,
	`url` text NOT NULL,
	`link_status` text DEFAULT 'unchecked' NOT NULL,
	`http_status` integer,
	`last_checked` text,
	`final_url` text
);
