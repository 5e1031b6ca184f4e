CREATE TABLE `scan_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`label` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`kind` text NOT NULL,
	`notice` text,
	`file_hash` text,
	`file_name` text,
	`file_kind` text,
	`file_size` integer,
	`file_signed` integer,
	`file_has_text` integer,
	`file_page_count` integer,
	`file_duplicates` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`tray_cleared_at` integer
);
--> statement-breakpoint
CREATE INDEX `scan_batches_state_idx` ON `scan_batches` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `scan_batches_file_idx` ON `scan_batches` (`file_hash`);--> statement-breakpoint
CREATE TABLE `scan_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`blob_hash` text NOT NULL,
	`file_name` text NOT NULL,
	`file_kind` text NOT NULL,
	`size` integer NOT NULL,
	`page_count` integer,
	`signed` integer DEFAULT false NOT NULL,
	`prefill` text NOT NULL,
	`text` text NOT NULL,
	`duplicates` text NOT NULL,
	`document_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `scan_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scan_documents_batch_uq` ON `scan_documents` (`batch_id`,`idx`);--> statement-breakpoint
CREATE INDEX `scan_documents_blob_idx` ON `scan_documents` (`blob_hash`);--> statement-breakpoint
CREATE INDEX `scan_documents_doc_idx` ON `scan_documents` (`document_id`);--> statement-breakpoint
CREATE TABLE `scan_page_hashes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dhash` text NOT NULL,
	`batch_id` integer NOT NULL,
	`page_id` integer NOT NULL,
	`scan_document_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `scan_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scan_page_hashes_batch_idx` ON `scan_page_hashes` (`batch_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `scan_page_hashes_page_uq` ON `scan_page_hashes` (`page_id`);--> statement-breakpoint
CREATE TABLE `scan_pages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`position` integer NOT NULL,
	`rotation` integer DEFAULT 0 NOT NULL,
	`starts_document` integer DEFAULT false NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`dpi` integer NOT NULL,
	`mode` text NOT NULL,
	`format` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`dhash` text NOT NULL,
	`ink_ratio` real NOT NULL,
	`blank_suggested` integer NOT NULL,
	`ocr_state` text NOT NULL,
	`ocr_rev` integer DEFAULT 0 NOT NULL,
	`ocr_text` text,
	`ocr_words` text,
	`ocr_confidence` real,
	`ocr_scale` real,
	`ocr_size` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `scan_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scan_pages_batch_idx` ON `scan_pages` (`batch_id`,`position`);--> statement-breakpoint
CREATE INDEX `scan_pages_ocr_idx` ON `scan_pages` (`ocr_state`,`batch_id`);--> statement-breakpoint
CREATE TABLE `scan_watch_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`mtime` integer NOT NULL,
	`sha256` text NOT NULL,
	`state` text NOT NULL,
	`batch_id` integer,
	`reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `scan_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scan_watch_ledger_file_idx` ON `scan_watch_ledger` (`sha256`,`name`,`size`,`mtime`);--> statement-breakpoint
CREATE INDEX `scan_watch_ledger_state_idx` ON `scan_watch_ledger` (`state`,`id`);