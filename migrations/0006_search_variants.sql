-- Custom migration: a `variants` column beside the folded text of every search document
-- (search_documents for initiatives, record_documents for the other records), written by
-- server/search/text.ts through the projectors: the stems of every word (nb, sv, da, en)
-- and the spellings of words with æ, ø or å typed without them (områdeløft → omradeloft,
-- omraadeloeft). Both FTS5 tables are recreated with the new column, ranked below the
-- text columns.
-- Existing rows are kept: the new column starts empty, the FTS5 indexes are rebuilt from
-- the kept text at once (search works throughout), and the search document version
-- (SEARCH_DOCUMENT_VERSION) makes the next start queue every document once, which fills
-- the column.
ALTER TABLE `search_documents` ADD `variants` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `record_documents` ADD `variants` text DEFAULT '' NOT NULL;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_documents_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_documents_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_documents_au`;
--> statement-breakpoint
DROP TABLE IF EXISTS `search_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  title, places, programme, body, variants,
  content='search_documents', content_rowid='initiative_id',
  tokenize='unicode61 remove_diacritics 0', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
  INSERT INTO search_fts(rowid, title, places, programme, body, variants)
  VALUES (new.initiative_id, new.title, new.places, new.programme, new.body, new.variants);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
  INSERT INTO search_fts(search_fts, rowid, title, places, programme, body, variants)
  VALUES ('delete', old.initiative_id, old.title, old.places, old.programme, old.body, old.variants);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE ON `search_documents` BEGIN
  INSERT INTO search_fts(search_fts, rowid, title, places, programme, body, variants)
  VALUES ('delete', old.initiative_id, old.title, old.places, old.programme, old.body, old.variants);
  INSERT INTO search_fts(rowid, title, places, programme, body, variants)
  VALUES (new.initiative_id, new.title, new.places, new.programme, new.body, new.variants);
END;
--> statement-breakpoint
INSERT INTO `search_fts`(`search_fts`) VALUES ('rebuild');
--> statement-breakpoint
DROP TRIGGER IF EXISTS `record_documents_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `record_documents_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `record_documents_au`;
--> statement-breakpoint
DROP TABLE IF EXISTS `record_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `record_fts` USING fts5(
  title, names, body, variants,
  content='record_documents', content_rowid='doc_id',
  tokenize='unicode61 remove_diacritics 0', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `record_documents_ai` AFTER INSERT ON `record_documents` BEGIN
  INSERT INTO record_fts(rowid, title, names, body, variants) VALUES (new.doc_id, new.title, new.names, new.body, new.variants);
END;
--> statement-breakpoint
CREATE TRIGGER `record_documents_ad` AFTER DELETE ON `record_documents` BEGIN
  INSERT INTO record_fts(record_fts, rowid, title, names, body, variants) VALUES ('delete', old.doc_id, old.title, old.names, old.body, old.variants);
END;
--> statement-breakpoint
CREATE TRIGGER `record_documents_au` AFTER UPDATE ON `record_documents` BEGIN
  INSERT INTO record_fts(record_fts, rowid, title, names, body, variants) VALUES ('delete', old.doc_id, old.title, old.names, old.body, old.variants);
  INSERT INTO record_fts(rowid, title, names, body, variants) VALUES (new.doc_id, new.title, new.names, new.body, new.variants);
END;
--> statement-breakpoint
INSERT INTO `record_fts`(`record_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab('search_fts', 'col');
