// Contract for background jobs (Công việc nền): what is waiting, running and failed, and running a failed one again.
// Mirrors src-main/jobs/.

import { z } from 'zod';
import { id, method } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export type JobState = 'waiting' | 'running' | 'done' | 'failed';

export interface JobDto {
  id: number;
  kind: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** Not run before this instant (the backoff after a failure). */
  nextRunAt: number;
  /** Vietnamese. */
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  /** What the job is about, short ("hash: 3f…"). */
  subject: string | null;
}

export type JobsSummary = Record<JobState, number>;

/** Each kind of job as the admin reads it. */
export const JOB_KIND_LABELS: Record<string, string> = {
  'blob.text': 'Trích xuất nội dung tệp để tìm kiếm',
};

export const jobKindLabel = (kind: string) => JOB_KIND_LABELS[kind] ?? kind;

// ---- methods ---------------------------------------------------------------------------------------------------

export const jobsApi = {
  'jobs.list': method<{ summary: JobsSummary; items: JobDto[] }>()({
    input: z.object({
      states: z
        .array(z.enum(['waiting', 'running', 'done', 'failed']))
        .min(1)
        .default(['failed', 'running', 'waiting']),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: false,
    summary: 'Danh sách công việc nền đang chờ, đang chạy, bị lỗi.',
  }),
  'jobs.retry': method<JobDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Chạy lại một công việc nền bị lỗi.',
  }),
} as const;
