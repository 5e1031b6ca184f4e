CREATE TABLE `archive_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`at` integer NOT NULL,
	`delivered_by` text NOT NULL,
	`delivering_unit` text,
	`received_by` integer NOT NULL,
	`file_count` integer NOT NULL,
	`document_count` integer NOT NULL,
	`notes` text,
	FOREIGN KEY (`received_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `archive_transfers_number_uq` ON `archive_transfers` (`year`,`number`);--> statement-breakpoint
CREATE TABLE `disposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_number` text NOT NULL,
	`decision_date` text NOT NULL,
	`signer_name` text NOT NULL,
	`signer_position` text NOT NULL,
	`notes` text,
	`at` integer NOT NULL,
	`by` integer NOT NULL,
	`file_count` integer NOT NULL,
	`blobs_removed` integer DEFAULT 0 NOT NULL,
	`blobs_kept` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `disposed_blobs` (
	`hash` text PRIMARY KEY NOT NULL,
	`disposal_id` integer NOT NULL,
	`purged_at` integer,
	FOREIGN KEY (`disposal_id`) REFERENCES `disposals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `file_plan_headings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`parent_id` integer,
	`position` integer NOT NULL,
	`abbr` text,
	`title` text NOT NULL,
	`unit_id` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `file_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `file_plan_headings_plan_idx` ON `file_plan_headings` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `file_plan_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`heading_id` integer NOT NULL,
	`position` integer NOT NULL,
	`number` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`retention_id` integer NOT NULL,
	`keeper_user_id` integer,
	`keeper` text,
	`notes` text,
	FOREIGN KEY (`plan_id`) REFERENCES `file_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`heading_id`) REFERENCES `file_plan_headings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retention_id`) REFERENCES `retention_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`keeper_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `file_plan_lines_plan_idx` ON `file_plan_lines` (`plan_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `file_plan_lines_code_uq` ON `file_plan_lines` (`plan_id`,`code`);--> statement-breakpoint
CREATE TABLE `file_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`status` text NOT NULL,
	`grouping` text NOT NULL,
	`numbering` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`approved_at` integer,
	`approved_by` integer,
	`issued_at` integer,
	`issued_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `file_plans_year_uq` ON `file_plans` (`year`);--> statement-breakpoint
CREATE TABLE `record_file_access` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_id` integer NOT NULL,
	`user_id` integer,
	`unit_id` integer,
	`state` text NOT NULL,
	`requested_by` integer,
	`requested_at` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`file_id`) REFERENCES `record_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_file_access_file_idx` ON `record_file_access` (`file_id`);--> statement-breakpoint
CREATE INDEX `record_file_access_user_idx` ON `record_file_access` (`user_id`,`state`);--> statement-breakpoint
CREATE INDEX `record_file_access_unit_idx` ON `record_file_access` (`unit_id`,`state`);--> statement-breakpoint
CREATE TABLE `record_file_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_id` integer NOT NULL,
	`document_id` integer,
	`ordinal` integer NOT NULL,
	`sort_date` text NOT NULL,
	`blob_hash` text,
	`file_name` text,
	`subject` text,
	`code_number` text,
	`code_notation` text,
	`issued_date` text,
	`type_name` text,
	`issuer_name` text,
	`page_count` integer,
	`added_by` integer,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `record_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_file_items_doc_uq` ON `record_file_items` (`file_id`,`document_id`);--> statement-breakpoint
CREATE INDEX `record_file_items_order_idx` ON `record_file_items` (`file_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `record_file_items_document_idx` ON `record_file_items` (`document_id`);--> statement-breakpoint
CREATE INDEX `record_file_items_blob_idx` ON `record_file_items` (`blob_hash`);--> statement-breakpoint
CREATE TABLE `record_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`search` text NOT NULL,
	`retention_id` integer NOT NULL,
	`retention_label` text NOT NULL,
	`retention_kind` text NOT NULL,
	`retention_years` integer,
	`owner_id` integer NOT NULL,
	`unit_id` integer,
	`plan_line_id` integer,
	`start_date` text NOT NULL,
	`end_date` text,
	`language` text DEFAULT 'Tiếng Việt' NOT NULL,
	`description` text,
	`rights` text DEFAULT 'open' NOT NULL,
	`pending_rights` text,
	`state` text DEFAULT 'open' NOT NULL,
	`doc_total` integer DEFAULT 0 NOT NULL,
	`page_total` integer DEFAULT 0 NOT NULL,
	`closed_at` integer,
	`closed_by` integer,
	`transfer_due_date` text,
	`transfer_alerted_at` integer,
	`transfer_id` integer,
	`transferred_at` integer,
	`disposal_id` integer,
	`disposed_at` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`retention_id`) REFERENCES `retention_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_line_id`) REFERENCES `file_plan_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transfer_id`) REFERENCES `archive_transfers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`disposal_id`) REFERENCES `disposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_files_code_uq` ON `record_files` (`year`,`code`);--> statement-breakpoint
CREATE INDEX `record_files_state_idx` ON `record_files` (`state`,`year`);--> statement-breakpoint
CREATE INDEX `record_files_owner_idx` ON `record_files` (`owner_id`,`state`);--> statement-breakpoint
CREATE INDEX `record_files_line_idx` ON `record_files` (`plan_line_id`);--> statement-breakpoint
CREATE INDEX `record_files_due_idx` ON `record_files` (`transfer_due_date`) WHERE "record_files"."state" = 'closed' AND "record_files"."transfer_due_date" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `retention_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`kind` text NOT NULL,
	`years` integer,
	`note` text,
	`sort_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`builtin` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `retention_codes_label_uq` ON `retention_codes` (`label`);--> statement-breakpoint
INSERT INTO `retention_codes` (`label`, `kind`, `years`, `note`, `sort_order`, `active`, `builtin`) VALUES
	('Vĩnh viễn', 'permanent', NULL, NULL, 10, 1, 1),
	('70 năm', 'years', 70, NULL, 20, 1, 1),
	('50 năm', 'years', 50, NULL, 30, 1, 1),
	('30 năm', 'years', 30, NULL, 40, 1, 1),
	('20 năm', 'years', 20, NULL, 50, 1, 1),
	('15 năm', 'years', 15, NULL, 60, 1, 1),
	('10 năm', 'years', 10, NULL, 70, 1, 1),
	('05 năm', 'years', 5, NULL, 80, 1, 1),
	('02 năm', 'years', 2, 'Hồ sơ, tài liệu tham khảo, trao đổi ngắn hạn.', 90, 1, 1),
	('Theo tuổi thọ công trình', 'condition', NULL, 'Hồ sơ xây dựng cơ bản: bảo quản theo tuổi thọ công trình.', 100, 1, 1),
	('Đến khi văn bản hết hiệu lực', 'condition', NULL, 'Cần thẩm định lại khi văn bản hết hiệu lực.', 110, 1, 1);
