// Quản trị › Công việc nền: how many background jobs wait, run and failed, the failed and waiting ones with their
// attempts, next run and last error, and "Chạy lại" for a failed one. Reads only; the core decides what runs.

import { useCallback, useEffect, useState } from 'react';
import { jobKindLabel, type JobDto, type JobState, type JobsSummary } from '../../../../src-shared/api/jobs';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { Button } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

const STATE: Record<JobState, [string, 'green' | 'red' | 'orange' | 'blue']> = {
  waiting: ['Đang chờ', 'blue'],
  running: ['Đang chạy', 'orange'],
  done: ['Đã xong', 'green'],
  failed: ['Bị lỗi', 'red'],
};

/** Refreshed on its own while the screen is open: jobs move without anyone clicking. */
const REFRESH_MS = 5000;

export function JobsScreen() {
  const toast = useToast();
  const [summary, setSummary] = useState<JobsSummary | null>(null);
  const [items, setItems] = useState<JobDto[]>([]);
  const { error: loadError, run: runLoad } = useAction();
  const { busy, error, run } = useAction();
  const [retrying, setRetrying] = useState<number | null>(null);

  const load = useCallback(
    () =>
      runLoad(async () => {
        const r = await call('jobs.list', { states: ['failed', 'running', 'waiting'], limit: 200 });
        setSummary(r.summary);
        setItems(r.items);
      }),
    [runLoad],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const retry = (job: JobDto) =>
    run(async () => {
      setRetrying(job.id);
      try {
        await call('jobs.retry', { id: job.id });
        toast('ok', `Đã đưa công việc #${job.id} vào hàng chờ để chạy lại.`);
        await load();
      } finally {
        setRetrying(null);
      }
    });

  const failed = items.filter((j) => j.state === 'failed');
  const others = items.filter((j) => j.state !== 'failed');

  return (
    <section aria-labelledby="jobs-title" className="stack">
      <div className="page-head">
        <h1 id="jobs-title">Công việc nền</h1>
        <span className="sub">Trích xuất nội dung tệp để tìm kiếm và các việc máy tự làm sau mỗi thao tác</span>
        <span className="spacer" />
        <Button onClick={() => void load()}>Làm mới</Button>
      </div>
      <ErrorBanner error={loadError ?? error} />
      {summary && (
        <p className="row" role="status" aria-live="polite">
          <span className="badge blue">Đang chờ: {summary.waiting.toLocaleString('vi-VN')}</span>{' '}
          <span className="badge orange">Đang chạy: {summary.running.toLocaleString('vi-VN')}</span>{' '}
          <span className="badge red">Bị lỗi: {summary.failed.toLocaleString('vi-VN')}</span> <span className="badge green">Đã xong: {summary.done.toLocaleString('vi-VN')}</span>
        </p>
      )}
      <h2>Bị lỗi</h2>
      <JobTable items={failed} empty="Không có công việc nào bị lỗi." onRetry={retry} busy={busy} retrying={retrying} />
      <h2>Đang chờ, đang chạy</h2>
      <JobTable items={others} empty="Không có công việc nào đang chờ." busy={busy} retrying={retrying} />
    </section>
  );
}

function JobTable({ items, empty, onRetry, busy, retrying }: { items: JobDto[]; empty: string; onRetry?: (j: JobDto) => void; busy: boolean; retrying: number | null }) {
  return (
    <div className="card table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>#</th>
            <th>Công việc</th>
            <th>Trạng thái</th>
            <th>Số lần chạy</th>
            <th>Lần chạy tới</th>
            <th>Lỗi gần nhất</th>
            {onRetry && <th aria-label="Thao tác" />}
          </tr>
        </thead>
        <tbody>
          {items.map((j) => (
            <tr key={j.id}>
              <td className="mono">{j.id}</td>
              <td>
                {jobKindLabel(j.kind)}
                {j.subject && (
                  <div className="muted mono small" title={j.subject}>
                    {j.subject.length > 24 ? `${j.subject.slice(0, 24)}…` : j.subject}
                  </div>
                )}
              </td>
              <td>
                <span className={`badge ${STATE[j.state][1]}`}>{STATE[j.state][0]}</span>
              </td>
              <td>
                {j.attempts}/{j.maxAttempts}
              </td>
              <td>{j.state === 'waiting' ? fmtDateTime(j.nextRunAt) : <span className="muted">—</span>}</td>
              <td>{j.lastError ?? <span className="muted">—</span>}</td>
              {onRetry && (
                <td>
                  <Button small onClick={() => onRetry(j)} busy={busy && retrying === j.id} disabled={busy} aria-label={`Chạy lại công việc #${j.id}`}>
                    Chạy lại
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <div className="empty">{empty}</div>}
    </div>
  );
}
