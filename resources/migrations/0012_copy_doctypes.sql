ALTER TABLE `outgoing_documents` ADD `copy_of_id` integer REFERENCES documents(id);--> statement-breakpoint
CREATE INDEX `outgoing_copy_of_idx` ON `outgoing_documents` (`copy_of_id`);--> statement-breakpoint
-- Electronic and paper copies (bản sao, NĐ 30 PL I Phần II.II.1c; standards §3.2): numbered in the copies register.
-- Skipped when the admin already made a type of that name or abbreviation.
INSERT OR IGNORE INTO doc_types (name, abbr, sort_order, active, builtin)
  SELECT 'Bản sao y', 'SY', 300, 1, 1 WHERE NOT EXISTS (SELECT 1 FROM doc_types WHERE upper(abbr) = 'SY');--> statement-breakpoint
INSERT OR IGNORE INTO doc_types (name, abbr, sort_order, active, builtin)
  SELECT 'Bản sao lục', 'SL', 310, 1, 1 WHERE NOT EXISTS (SELECT 1 FROM doc_types WHERE upper(abbr) = 'SL');--> statement-breakpoint
INSERT OR IGNORE INTO doc_types (name, abbr, sort_order, active, builtin)
  SELECT 'Bản trích sao', 'TrS', 320, 1, 1 WHERE NOT EXISTS (SELECT 1 FROM doc_types WHERE upper(abbr) = 'TRS');
