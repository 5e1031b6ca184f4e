CREATE TABLE `account_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`subject_name` text NOT NULL,
	`details` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_by_id` integer,
	`requested_on` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by_id` integer,
	`decided_at` integer,
	`decision_note` text,
	`done_by_id` integer,
	`done_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_requests_on_idx` ON `account_requests` (`requested_on`,`id`);--> statement-breakpoint
CREATE INDEX `account_requests_status_idx` ON `account_requests` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `account_requests_user_idx` ON `account_requests` (`user_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `left_on` text;--> statement-breakpoint
ALTER TABLE `users` ADD `revoked_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `leave_reminded_at` integer;--> statement-breakpoint
CREATE INDEX `users_left_idx` ON `users` (`left_on`);