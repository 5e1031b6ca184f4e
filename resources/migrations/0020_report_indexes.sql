CREATE INDEX `documents_report_in_idx` ON `documents` (`direction`,`arrival_at`,`status`,`handling_status`,`handling_due_date`);--> statement-breakpoint
CREATE INDEX `tasks_report_idx` ON `tasks` (`document_id`,`kind`,`status`,`user_id`,`unit_id`,`parent_id`,`due_date`,`completed_at`);
