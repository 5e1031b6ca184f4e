// The processing history of a document as a timeline: who did what, when, with the words and files of each step
// (files download through the core, which checks the reader may see the document).

import type { TimelineEvent } from '../../../../src-shared/api/workflow';
import { TIMELINE_KINDS } from '../../../../src-shared/api/workflow';
import { call, saveFile } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { Button } from '../../ui/Controls';
import { useToast } from '../../ui/Feedback';

/** Kind-specific details in words: who was given what, by when. Keys the core does not describe are left out. */
function details(kind: TimelineEvent['kind'], data: TimelineEvent['data']): string[] {
  if (!data) return [];
  const str = (k: string) => (typeof data[k] === 'string' && data[k] ? (data[k] as string) : null);
  const list = (k: string) => (Array.isArray(data[k]) ? (data[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const out: string[] = [];
  const leader = str('leaderName');
  if (leader) out.push(`Trình: ${leader}${data.usedSuggestion === true ? ' (theo gợi ý)' : ''}`);
  const lead = str('lead');
  if (lead) out.push(`Chủ trì: ${lead}`);
  if (list('cooperate').length) out.push(`Phối hợp: ${list('cooperate').join(', ')}`);
  if (list('info').length) out.push(`Để biết: ${list('info').join(', ')}`);
  const to = str('to');
  if (to) out.push(kind === 'reminded' ? `Đôn đốc: ${to}` : `Giao cho: ${to}`);
  const from = str('from');
  if (from && kind === 'reassigned') out.push(`Thay: ${from}`);
  const due = str('dueDate');
  if (due) out.push(`Hạn: ${fmtDate(due)}`);
  // Outgoing steps (drafts, issuing) carry these.
  for (const [k, label] of [
    ['code', 'Số, ký hiệu'],
    ['number', 'Số'],
    ['version', 'Phiên bản'],
    ['recipient', 'Nơi nhận'],
    ['forwardedToName', 'Chuyển cho'],
  ] as const) {
    const v = data[k];
    if ((typeof v === 'string' && v) || typeof v === 'number') out.push(`${label}: ${v}`);
  }
  return out;
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  const toast = useToast();
  if (!events.length) return <p className="muted">Chưa có bước xử lý nào.</p>;
  return (
    <ol className="wf-timeline" aria-label="Quá trình xử lý">
      {events.map((e) => (
        <li key={e.id} className={`tl-${e.kind}`}>
          <div className="tl-head">
            <strong className="tl-kind">{TIMELINE_KINDS[e.kind] ?? e.kind}</strong>
            <span className="tl-actor">{e.actorName ?? 'Hệ thống'}</span>
            <time className="muted small">{fmtDateTime(e.at)}</time>
          </div>
          {e.text && <div className="prewrap tl-text">{e.text}</div>}
          {details(e.kind, e.data).map((d) => (
            <div key={d} className="muted small">
              {d}
            </div>
          ))}
          {e.files.length > 0 && (
            <ul className="tl-files">
              {e.files.map((f) => (
                <li key={f.hash + f.fileName}>
                  <Button
                    small
                    variant="ghost"
                    aria-label={`Tải tệp ${f.fileName}`}
                    onClick={() => void call('blobs.get', { hash: f.hash, fileName: f.fileName }).then(saveFile, (err: Error) => toast('error', err.message))}
                  >
                    📎 {f.fileName}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
