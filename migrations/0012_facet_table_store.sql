CREATE TABLE `search_facet_store` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`header` text NOT NULL,
	`data` blob NOT NULL
);
