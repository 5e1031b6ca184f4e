CREATE TABLE `outgoing_documents` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`drafting_unit_id` integer,
	`drafter_id` integer NOT NULL,
	`signer_user_id` integer,
	`authority` text DEFAULT '' NOT NULL,
	`keep_line` text,
	`reply_requested` integer DEFAULT false NOT NULL,
	`reply_due_date` text,
	`no_paper` integer DEFAULT false NOT NULL,
	`paper_required` integer DEFAULT false NOT NULL,
	`reply_to_id` integer,
	`current_version` integer DEFAULT 1 NOT NULL,
	`register_id` integer,
	`issue_number` integer,
	`issued_at` integer,
	`issued_by` integer,
	`signed` integer DEFAULT false NOT NULL,
	`recall_reason` text,
	`recalled_at` integer,
	`recalled_by` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drafting_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drafter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_to_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`register_id`) REFERENCES `registers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recalled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_register_number_uq` ON `outgoing_documents` (`register_id`,`issue_number`);--> statement-breakpoint
CREATE INDEX `outgoing_reply_to_idx` ON `outgoing_documents` (`reply_to_id`);--> statement-breakpoint
CREATE INDEX `outgoing_drafter_idx` ON `outgoing_documents` (`drafter_id`);--> statement-breakpoint
CREATE INDEX `outgoing_reply_due_idx` ON `outgoing_documents` (`reply_due_date`) WHERE "outgoing_documents"."reply_requested" = 1;--> statement-breakpoint
CREATE TABLE `outgoing_paper_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_type_id` integer,
	`recipient_agency_id` integer,
	`recipient_text` text,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`doc_type_id`) REFERENCES `doc_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outgoing_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`unit_id` integer,
	`agency_id` integer,
	`name` text NOT NULL,
	`paper_manual` integer DEFAULT false NOT NULL,
	`paper` integer DEFAULT false NOT NULL,
	`delivery` text DEFAULT 'pending' NOT NULL,
	`delivery_at` integer,
	`reply_document_id` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outgoing_recipients_doc_idx` ON `outgoing_recipients` (`document_id`,`position`);--> statement-breakpoint
CREATE INDEX `outgoing_recipients_reply_idx` ON `outgoing_recipients` (`reply_document_id`);--> statement-breakpoint
CREATE TABLE `outgoing_review_chain` (
	`position` integer PRIMARY KEY NOT NULL,
	`who` text NOT NULL,
	`label` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outgoing_review_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`step` integer NOT NULL,
	`chain_pos` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`version` integer NOT NULL,
	`decision` text NOT NULL,
	`note` text,
	`task_id` integer,
	`created_at` integer NOT NULL,
	`at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outgoing_review_steps_doc_idx` ON `outgoing_review_steps` (`document_id`,`step`);--> statement-breakpoint
CREATE TABLE `outgoing_version_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`version` integer NOT NULL,
	`blob_hash` text NOT NULL,
	`file_name` text NOT NULL,
	`draft_role` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`blob_hash`) REFERENCES `blobs`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outgoing_version_files_doc_idx` ON `outgoing_version_files` (`document_id`,`version`,`position`);--> statement-breakpoint
CREATE INDEX `outgoing_version_files_blob_idx` ON `outgoing_version_files` (`blob_hash`);--> statement-breakpoint
CREATE TABLE `outgoing_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`version` integer NOT NULL,
	`note` text,
	`by_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_versions_uq` ON `outgoing_versions` (`document_id`,`version`);--> statement-breakpoint
ALTER TABLE `registers` ADD `kind` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE `registers` ADD `doc_type_ids` text DEFAULT '[]' NOT NULL;