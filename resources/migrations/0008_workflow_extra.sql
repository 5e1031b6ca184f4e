CREATE TABLE `event_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`document_id` integer NOT NULL,
	`blob_hash` text NOT NULL,
	`file_name` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `document_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_files_blob_idx` ON `event_files` (`blob_hash`,`document_id`);--> statement-breakpoint
CREATE INDEX `event_files_event_idx` ON `event_files` (`event_id`);