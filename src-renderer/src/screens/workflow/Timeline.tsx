// The processing history of a document as a timeline: who did what, when, with the words and files of each step
// (files download through the core, which checks the reader may see the document).

import type { TimelineEvent } from '../../../../src-shared/api/workflow';
import { TIMELINE_KINDS } from '../../../../src-shared/api/workflow';
import { call, saveFile } from '../../api';
import { fmtDateTime } from '../../format';
import { Button } from '../../ui/Controls';
import { useToast } from '../../ui/Feedback';

/** Kind-specific details the core already put in plain words: strings and numbers, and lists of them. */
function details(data: TimelineEvent['data']): string[] {
  if (!data) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && v) out.push(v);
    else if (typeof v === 'number' && k !== 'taskId' && !k.endsWith('Id')) out.push(`${k}: ${v}`);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out.push(v.join(', '));
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
          {details(e.data).map((d) => (
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
