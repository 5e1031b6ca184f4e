CREATE TABLE `sync_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`recipient_code` text NOT NULL,
	`event` text NOT NULL,
	`description` text,
	`at` integer NOT NULL,
	`dedupe_key` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_deliveries_key_uq` ON `sync_deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `sync_deliveries_doc_idx` ON `sync_deliveries` (`document_id`,`id`);--> statement-breakpoint
CREATE TABLE `sync_documents` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`direction` text NOT NULL,
	`edxml_document_id` text NOT NULL,
	`from_code` text,
	`from_name` text,
	`packet_id` text,
	`received_at` integer,
	`response_for` text,
	`replaces_document_id` integer,
	`recall_requested_at` integer,
	`recall_reason` text,
	`recall_answer` text,
	`recall_answered_at` integer,
	`completion_reported_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replaces_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_documents_edxml_idx` ON `sync_documents` (`edxml_document_id`,`from_code`);--> statement-breakpoint
CREATE TABLE `sync_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`packet_id` text NOT NULL,
	`seq` integer NOT NULL,
	`from_code` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`document_id` integer,
	`detail` text,
	`hub_received_at` integer,
	`applied_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_inbox_packet_uq` ON `sync_inbox` (`packet_id`);--> statement-breakpoint
CREATE INDEX `sync_inbox_doc_idx` ON `sync_inbox` (`document_id`);--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`packet_id` text NOT NULL,
	`kind` text NOT NULL,
	`status_code` text,
	`document_id` integer,
	`recipients` text NOT NULL,
	`payload` text,
	`edxml` text,
	`blob_hash` text,
	`state` text DEFAULT 'waiting' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`last_error_code` text,
	`permanent` integer DEFAULT false NOT NULL,
	`uploaded_bytes` integer DEFAULT 0 NOT NULL,
	`total_bytes` integer DEFAULT 0 NOT NULL,
	`hub_result` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_outbox_packet_uq` ON `sync_outbox` (`packet_id`);--> statement-breakpoint
CREATE INDEX `sync_outbox_state_idx` ON `sync_outbox` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `sync_outbox_doc_idx` ON `sync_outbox` (`document_id`,`status_code`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`hub_url` text,
	`office_code` text,
	`secret_enc` text,
	`ca_file` text,
	`interval_sec` integer DEFAULT 30 NOT NULL,
	`feed_cursor` integer DEFAULT 0 NOT NULL,
	`directory_version` integer DEFAULT 0 NOT NULL,
	`directory_synced_at` integer,
	`last_contact_at` integer,
	`last_success_at` integer,
	`last_error` text,
	`clock_skew_ms` integer,
	`anchor_count` integer,
	`anchor_head` text,
	`anchor_at` integer
);
--> statement-breakpoint
-- The one state row: sync is off until the admin enters the hub's address, the office code and its secret.
INSERT OR IGNORE INTO sync_state (id, enabled, interval_sec, feed_cursor, directory_version) VALUES (1, 0, 30, 0, 0);
