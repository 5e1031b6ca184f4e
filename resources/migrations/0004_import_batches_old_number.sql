-- Import batches (file hash, register, who, when, rows) written with the imported rows: the same file is not
-- imported twice by accident and a retried commit answers as before. Số đến cũ kept on documents imported with new numbers.
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`register_id` integer NOT NULL,
	`file_hash` text NOT NULL,
	`file_name` text NOT NULL,
	`request_key` text NOT NULL,
	`numbering` text NOT NULL,
	`row_count` integer NOT NULL,
	`first_number` integer,
	`last_number` integer,
	`imported_by` integer NOT NULL,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`register_id`) REFERENCES `registers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_batches_file_idx` ON `import_batches` (`register_id`,`file_hash`);--> statement-breakpoint
CREATE INDEX `import_batches_key_idx` ON `import_batches` (`request_key`);--> statement-breakpoint
ALTER TABLE `documents` ADD `old_arrival_number` text;