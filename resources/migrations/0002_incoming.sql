CREATE TABLE `registers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`direction` text NOT NULL,
	`year` integer NOT NULL,
	`series_key` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`is_default` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`last_number` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registers_series_uq` ON `registers` (`direction`,`year`,`series_key`);--> statement-breakpoint
CREATE INDEX `registers_year_idx` ON `registers` (`year`);--> statement-breakpoint
CREATE TABLE `agencies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text,
	`name` text NOT NULL,
	`parent_code` text,
	`search_text` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agencies_code_uq` ON `agencies` (`code`);--> statement-breakpoint
CREATE INDEX `agencies_name_idx` ON `agencies` (`search_text`);--> statement-breakpoint
CREATE TABLE `blob_texts` (
	`hash` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`folded` text NOT NULL,
	FOREIGN KEY (`hash`) REFERENCES `blobs`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `blobs` (
	`hash` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`kind` text NOT NULL,
	`mime` text NOT NULL,
	`macro` integer DEFAULT false NOT NULL,
	`text_status` text NOT NULL,
	`text_chars` integer,
	`created_at` integer NOT NULL,
	`created_by` integer
);
--> statement-breakpoint
CREATE INDEX `blobs_text_status_idx` ON `blobs` (`text_status`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`confirmed` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer
);
--> statement-breakpoint
CREATE TABLE `doc_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`abbr` text,
	`sort_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`builtin` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `doc_types_name_uq` ON `doc_types` (`name`);--> statement-breakpoint
CREATE TABLE `document_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`blob_hash` text NOT NULL,
	`file_name` text NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	`added_at` integer NOT NULL,
	`added_by` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`blob_hash`) REFERENCES `blobs`(`hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_files_doc_idx` ON `document_files` (`document_id`,`position`);--> statement-breakpoint
CREATE INDEX `document_files_blob_idx` ON `document_files` (`blob_hash`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`register_id` integer,
	`year` integer NOT NULL,
	`arrival_number` integer,
	`received_at` integer NOT NULL,
	`arrival_at` integer NOT NULL,
	`registration_due_at` integer NOT NULL,
	`registered_at` integer,
	`registered_by` integer,
	`late` integer DEFAULT false NOT NULL,
	`issuer_agency_id` integer,
	`issuer_code` text,
	`issuer_name` text NOT NULL,
	`issuer_search` text NOT NULL,
	`code_number` text,
	`code_notation` text,
	`issued_date` text,
	`doc_type_id` integer,
	`type_name` text,
	`subject` text NOT NULL,
	`signer_position` text,
	`signer_name` text,
	`urgency` integer DEFAULT 0 NOT NULL,
	`urgent_deadline_at` integer,
	`page_count` integer,
	`copies` integer,
	`received_via` text NOT NULL,
	`handling_status` text DEFAULT 'new' NOT NULL,
	`handling_due_date` text,
	`notes` text,
	`recipient` text,
	`transfer_date` text,
	`file_code` text,
	`edxml_document_id` text,
	`dup_key` text,
	`void_reason` text,
	`voided_at` integer,
	`voided_by` integer,
	`refusal_reason` text,
	`refusal_text` text,
	`refused_at` integer,
	`refused_by` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`register_id`) REFERENCES `registers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuer_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`doc_type_id`) REFERENCES `doc_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`refused_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_register_number_uq` ON `documents` (`register_id`,`arrival_number`);--> statement-breakpoint
CREATE INDEX `documents_arrival_idx` ON `documents` (`direction`,`arrival_at`,`id`);--> statement-breakpoint
CREATE INDEX `documents_status_idx` ON `documents` (`direction`,`status`,`arrival_at`);--> statement-breakpoint
CREATE INDEX `documents_issuer_idx` ON `documents` (`issuer_agency_id`,`arrival_at`);--> statement-breakpoint
CREATE INDEX `documents_type_idx` ON `documents` (`doc_type_id`,`arrival_at`);--> statement-breakpoint
CREATE INDEX `documents_handling_idx` ON `documents` (`direction`,`handling_status`,"urgency" DESC,`arrival_at`);--> statement-breakpoint
CREATE INDEX `documents_open_due_idx` ON `documents` (`direction`,`handling_due_date`) WHERE "documents"."status" = 'registered' AND "documents"."handling_status" != 'done';--> statement-breakpoint
CREATE INDEX `documents_dup_idx` ON `documents` (`dup_key`);--> statement-breakpoint
CREATE INDEX `documents_edxml_idx` ON `documents` (`edxml_document_id`);--> statement-breakpoint
CREATE TABLE `saved_searches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`filters` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `saved_searches_user_idx` ON `saved_searches` (`user_id`);