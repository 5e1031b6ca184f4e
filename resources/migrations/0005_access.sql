CREATE TABLE `blob_uploads` (
	`hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `hash`),
	FOREIGN KEY (`hash`) REFERENCES `blobs`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `document_access` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`user_id` integer,
	`unit_id` integer,
	`kind` text NOT NULL,
	`granted_at` integer NOT NULL,
	`granted_by` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "document_access_one_target" CHECK(("document_access"."user_id" IS NULL) <> ("document_access"."unit_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_access_user_uq` ON `document_access` (`user_id`,`document_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `document_access_unit_uq` ON `document_access` (`unit_id`,`document_id`,`kind`);--> statement-breakpoint
CREATE INDEX `document_access_doc_idx` ON `document_access` (`document_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `heads_unit` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `restricted` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `documents_created_by_idx` ON `documents` (`created_by`);--> statement-breakpoint
CREATE INDEX `documents_restricted_idx` ON `documents` (`id`) WHERE "documents"."restricted" = 1;--> statement-breakpoint
INSERT OR IGNORE INTO `blob_uploads` (`hash`, `user_id`, `at`) SELECT `hash`, `created_by`, `created_at` FROM `blobs` WHERE `created_by` IS NOT NULL;
