CREATE TABLE `revocation_cache` (
	`url` text PRIMARY KEY NOT NULL,
	`der` text NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer,
	`kind` text NOT NULL,
	`blob_in` text NOT NULL,
	`blob_out` text NOT NULL,
	`field_name` text NOT NULL,
	`cert_fingerprint` text,
	`signer_name` text,
	`by_id` integer,
	`at` integer NOT NULL,
	`timestamp_pending` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signatures_document_idx` ON `signatures` (`document_id`);--> statement-breakpoint
CREATE INDEX `signatures_blob_out_idx` ON `signatures` (`blob_out`);--> statement-breakpoint
CREATE TABLE `signing_images` (
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`blob_hash` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signing_images_pk` ON `signing_images` (`kind`,`user_id`);--> statement-breakpoint
CREATE TABLE `token_custody` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_name` text NOT NULL,
	`to_name` text NOT NULL,
	`date` text NOT NULL,
	`note` text,
	`cert_fingerprint` text,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `trust_anchors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fingerprint` text NOT NULL,
	`der` text NOT NULL,
	`subject` text NOT NULL,
	`not_after` integer NOT NULL,
	`enabled` integer DEFAULT 1 NOT NULL,
	`added_by` integer,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trust_anchors_fp_idx` ON `trust_anchors` (`fingerprint`);--> statement-breakpoint
CREATE TABLE `verification_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`blob_hash` text NOT NULL,
	`checked_at` integer NOT NULL,
	`overall` text NOT NULL,
	`retry` integer DEFAULT 0 NOT NULL,
	`report` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `verification_reports_blob_idx` ON `verification_reports` (`blob_hash`,`checked_at`);