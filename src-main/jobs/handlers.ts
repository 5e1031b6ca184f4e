// Handlers for the admin's background-jobs screen: counts and lists, and running a failed job again (audited).

import type { HandlerMap } from '../api/context';

export const jobsHandlers: HandlerMap<'jobs.list' | 'jobs.retry'> = {
  'jobs.list': (ctx, input) => ({ summary: ctx.s.jobs.summary(), items: ctx.s.jobs.list(input.states, input.limit) }),

  'jobs.retry': (ctx, input) => {
    const job = ctx.write(
      () => ctx.s.jobs.retry(input.id),
      (j) => ({ targetType: 'job', targetId: j.id, details: { kind: j.kind, lastError: j.lastError } }),
    );
    return job;
  },
};
