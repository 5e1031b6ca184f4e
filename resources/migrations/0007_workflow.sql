CREATE TABLE `directions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`level` text NOT NULL,
	`text` text,
	`by_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `directions_doc_idx` ON `directions` (`document_id`,`at`);--> statement-breakpoint
CREATE TABLE `document_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`task_id` integer,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`text` text,
	`data` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_events_doc_idx` ON `document_events` (`document_id`,`id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`document_id` integer,
	`task_id` integer,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`) WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`parent_id` integer,
	`direction_id` integer,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`open_flag` integer DEFAULT 1 NOT NULL,
	`user_id` integer,
	`unit_id` integer,
	`urgency` integer DEFAULT 0 NOT NULL,
	`note` text,
	`due_date` text,
	`due_sort` text GENERATED ALWAYS AS (coalesce(due_date, '9999-12-31')) VIRTUAL,
	`assigned_at` integer NOT NULL,
	`assigned_by` integer,
	`read_at` integer,
	`completed_at` integer,
	`completed_by` integer,
	`result` text,
	`reply_document_id` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`direction_id`) REFERENCES `directions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tasks_one_assignee" CHECK(("tasks"."user_id" IS NULL) <> ("tasks"."unit_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `tasks_user_inbox_idx` ON `tasks` (`user_id`,"urgency" DESC,`due_sort`,`id`) WHERE "tasks"."open_flag" = 1;--> statement-breakpoint
CREATE INDEX `tasks_unit_inbox_idx` ON `tasks` (`unit_id`,"urgency" DESC,`due_sort`,`id`) WHERE "tasks"."open_flag" = 1;--> statement-breakpoint
CREATE INDEX `tasks_open_due_idx` ON `tasks` (`due_date`) WHERE "tasks"."open_flag" = 1;--> statement-breakpoint
CREATE INDEX `tasks_user_done_idx` ON `tasks` (`user_id`,`completed_at`);--> statement-breakpoint
CREATE INDEX `tasks_doc_idx` ON `tasks` (`document_id`);--> statement-breakpoint
CREATE INDEX `tasks_assigned_by_idx` ON `tasks` (`assigned_by`,`open_flag`,`due_date`);--> statement-breakpoint
CREATE INDEX `tasks_parent_idx` ON `tasks` (`parent_id`);