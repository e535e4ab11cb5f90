-- Custom migration: the FTS5 index over search_documents (external content, folded
-- text written by server/search/documents.ts), the triggers that keep it in step, and
-- the catalogue revision counter that tells search engines the catalogue changed.
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  title, places, programme, body,
  content='search_documents', content_rowid='initiative_id',
  tokenize='unicode61 remove_diacritics 0', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
  INSERT INTO search_fts(rowid, title, places, programme, body)
  VALUES (new.initiative_id, new.title, new.places, new.programme, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
  INSERT INTO search_fts(search_fts, rowid, title, places, programme, body)
  VALUES ('delete', old.initiative_id, old.title, old.places, old.programme, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE ON `search_documents` BEGIN
  INSERT INTO search_fts(search_fts, rowid, title, places, programme, body)
  VALUES ('delete', old.initiative_id, old.title, old.places, old.programme, old.body);
  INSERT INTO search_fts(rowid, title, places, programme, body)
  VALUES (new.initiative_id, new.title, new.places, new.programme, new.body);
END;
--> statement-breakpoint
INSERT INTO `meta` (`key`, `value`) VALUES ('catalogue', 0);
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
CREATE TRIGGER `initiative_terms_rev_ai` AFTER INSERT ON `initiative_terms` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_terms_rev_ad` AFTER DELETE ON `initiative_terms` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_rev_ai` AFTER INSERT ON `initiative_areas` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_rev_ad` AFTER DELETE ON `initiative_areas` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_rev_au` AFTER UPDATE OF `slug` ON `programmes` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
--> statement-breakpoint
CREATE TRIGGER `areas_rev_au` AFTER UPDATE OF `slug` ON `areas` BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'catalogue';
END;
