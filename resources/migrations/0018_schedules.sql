CREATE TABLE `schedule_weeks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_kind` text NOT NULL,
	`owner_id` integer DEFAULT 0 NOT NULL,
	`week_start` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`published_at` integer,
	`published_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_weeks_owner_uq` ON `schedule_weeks` (`owner_kind`,`owner_id`,`week_start`);--> statement-breakpoint
CREATE INDEX `schedule_weeks_start_idx` ON `schedule_weeks` (`week_start`);--> statement-breakpoint
CREATE TABLE `schedule_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`week_id` integer NOT NULL,
	`date` text NOT NULL,
	`slot` text NOT NULL,
	`start_time` text,
	`end_time` text,
	`content` text NOT NULL,
	`chair_user_id` integer,
	`chair_text` text,
	`place` text,
	`prep_unit_id` integer,
	`prep_text` text,
	`notes` text,
	`recurring` integer DEFAULT false NOT NULL,
	`copied_from_id` integer,
	`cancelled` integer DEFAULT false NOT NULL,
	`adjustment` text,
	`created_by` integer,
	`updated_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`week_id`) REFERENCES `schedule_weeks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prep_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedule_entries_week_idx` ON `schedule_entries` (`week_id`,`date`);--> statement-breakpoint
CREATE INDEX `schedule_entries_date_idx` ON `schedule_entries` (`date`);--> statement-breakpoint
CREATE INDEX `schedule_entries_chair_idx` ON `schedule_entries` (`chair_user_id`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_entries_copied_uq` ON `schedule_entries` (`week_id`,`copied_from_id`);--> statement-breakpoint
CREATE TABLE `schedule_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`unit_id` integer,
	`name` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `schedule_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedule_participants_entry_idx` ON `schedule_participants` (`entry_id`);--> statement-breakpoint
CREATE INDEX `schedule_participants_user_idx` ON `schedule_participants` (`user_id`);--> statement-breakpoint
CREATE INDEX `schedule_participants_unit_idx` ON `schedule_participants` (`unit_id`);--> statement-breakpoint
CREATE TABLE `schedule_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`blob_hash` text NOT NULL,
	`file_name` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `schedule_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedule_files_entry_idx` ON `schedule_files` (`entry_id`);--> statement-breakpoint
CREATE INDEX `schedule_files_hash_idx` ON `schedule_files` (`blob_hash`);--> statement-breakpoint
CREATE TABLE `schedule_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`at` integer NOT NULL,
	`by_id` integer,
	`action` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `schedule_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedule_history_entry_idx` ON `schedule_history` (`entry_id`,`id`);
