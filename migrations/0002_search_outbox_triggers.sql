-- Custom migration: every write that changes what an initiative's search document says
-- records an entry in search_outbox, inside the same transaction as the write itself.
-- The Meilisearch sync worker drains the outbox (server/search/outbox.ts); it decides
-- upsert or delete by whether the initiative still exists when it sends the batch, so a
-- stray 'upsert' for a deleted initiative (from cascaded link deletes) is harmless.
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
CREATE TRIGGER `initiative_terms_outbox_ai` AFTER INSERT ON `initiative_terms` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_terms_outbox_au` AFTER UPDATE ON `initiative_terms` BEGIN
  INSERT INTO search_outbox (initiative_id, op) SELECT old.initiative_id, 'upsert' WHERE old.initiative_id IS NOT new.initiative_id;
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_terms_outbox_ad` AFTER DELETE ON `initiative_terms` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (old.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_outbox_ai` AFTER INSERT ON `initiative_areas` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_outbox_au` AFTER UPDATE ON `initiative_areas` BEGIN
  INSERT INTO search_outbox (initiative_id, op) SELECT old.initiative_id, 'upsert' WHERE old.initiative_id IS NOT new.initiative_id;
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_areas_outbox_ad` AFTER DELETE ON `initiative_areas` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (old.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_sources_outbox_ai` AFTER INSERT ON `initiative_sources` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_sources_outbox_au` AFTER UPDATE ON `initiative_sources` BEGIN
  INSERT INTO search_outbox (initiative_id, op) SELECT old.initiative_id, 'upsert' WHERE old.initiative_id IS NOT new.initiative_id;
  INSERT INTO search_outbox (initiative_id, op) VALUES (new.initiative_id, 'upsert');
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_sources_outbox_ad` AFTER DELETE ON `initiative_sources` BEGIN
  INSERT INTO search_outbox (initiative_id, op) VALUES (old.initiative_id, 'upsert');
END;
--> statement-breakpoint
-- An area's name, district or slug is part of its initiatives' documents.
CREATE TRIGGER `areas_outbox_au` AFTER UPDATE OF `slug`, `name`, `district` ON `areas` BEGIN
  INSERT INTO search_outbox (initiative_id, op)
  SELECT initiative_id, 'upsert' FROM initiative_areas WHERE area_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `areas_outbox_ad` BEFORE DELETE ON `areas` BEGIN
  INSERT INTO search_outbox (initiative_id, op)
  SELECT initiative_id, 'upsert' FROM initiative_areas WHERE area_id = old.id;
END;
--> statement-breakpoint
-- A programme's slug and names are part of its initiatives' documents.
CREATE TRIGGER `programmes_outbox_au` AFTER UPDATE OF `slug`, `name_original`, `name_en` ON `programmes` BEGIN
  INSERT INTO search_outbox (initiative_id, op)
  SELECT id, 'upsert' FROM initiatives WHERE programme_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_outbox_ad` BEFORE DELETE ON `programmes` BEGIN
  INSERT INTO search_outbox (initiative_id, op)
  SELECT id, 'upsert' FROM initiatives WHERE programme_id = old.id;
END;
