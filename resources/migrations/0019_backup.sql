CREATE TABLE `backup_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trigger` text NOT NULL,
	`slot` text,
	`status` text NOT NULL,
	`dest` text NOT NULL,
	`backup_id` text,
	`encrypted` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`db_bytes` integer,
	`blobs_total` integer,
	`blobs_copied` integer,
	`bytes_copied` integer,
	`audit_count` integer,
	`error_code` text,
	`error_message` text,
	`started_by` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `backup_runs_slot_uq` ON `backup_runs` (`slot`);--> statement-breakpoint
CREATE INDEX `backup_runs_status_idx` ON `backup_runs` (`status`,`id`);
