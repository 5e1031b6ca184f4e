// "Trình lãnh đạo": the clerk picks the leader and writes a note; beside it the routing suggestion from the office's
// own history (similar earlier documents and how they were directed), applied only when the clerk presses
// "Dùng gợi ý" — never silently — and the core is told it was used.

import { useEffect, useState } from 'react';
import type { RoutingSuggestion } from '../../../../src-shared/api/workflow';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { Button, TextAreaField } from '../../ui/Controls';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { vnParts } from '../../../../src-shared/calendar/vn-time';
import { Field } from '../../ui/Controls';
import type { Directory } from './common';

const REASONS = { issuer: 'cùng cơ quan ban hành', subject: 'trích yếu tương tự', both: 'cùng cơ quan, trích yếu tương tự' } as const;

export function suggestionNote(s: RoutingSuggestion): string {
  const parts: string[] = [];
  if (s.lead) parts.push(`Đề xuất giao ${s.lead.name} chủ trì`);
  if (s.dueWorkingDays) parts.push(`thời hạn ${s.dueWorkingDays} ngày làm việc`);
  return parts.length ? `${parts.join(', ')}.` : '';
}

export function PresentDialog({ documentId, dir, onClose, onDone }: { documentId: number; dir: Directory; onClose: () => void; onDone: (message: string) => void }) {
  const leaders = dir.people.filter((p) => p.leader);
  const [leaderId, setLeaderId] = useState('');
  const [note, setNote] = useState('');
  const [used, setUsed] = useState(false);
  const [suggestion, setSuggestion] = useState<RoutingSuggestion | null>(null);
  const [suggesting, setSuggesting] = useState(true);
  const { busy, error, run } = useAction();

  useEffect(() => {
    call('workflow.suggest', { documentId })
      .then(setSuggestion, () => setSuggestion(null))
      .finally(() => setSuggesting(false));
  }, [documentId]);
  // With one leader there is nothing to choose.
  useEffect(() => {
    if (!leaderId && leaders.length === 1) setLeaderId(String(leaders[0].id));
  }, [leaders, leaderId]);

  const apply = (s: RoutingSuggestion) => {
    if (s.leader) setLeaderId(String(s.leader.id));
    const text = suggestionNote(s);
    if (text) setNote(text);
    setUsed(true);
  };

  const go = () =>
    run(async () => {
      await call('workflow.present', { documentId, leaderId: Number(leaderId), note: note.trim() || null, usedSuggestion: used });
      onDone(`Đã trình ${leaders.find((l) => String(l.id) === leaderId)?.fullName ?? 'lãnh đạo'}.`);
      onClose();
    });

  const useful = suggestion && (suggestion.leader || suggestion.lead || suggestion.dueWorkingDays);
  return (
    <FormDialog title="Trình lãnh đạo" formId="present-form" wide onClose={onClose} action="Trình" busy={busy} actionDisabled={!leaderId} onSubmit={go}>
      <ErrorBanner error={error} shownFields={['leaderId', 'note']} />
      {suggesting && (
        <p className="muted" aria-live="polite">
          <span className="spinner" aria-hidden /> Đang tìm văn bản tương tự để gợi ý…
        </p>
      )}
      {!suggesting && useful && (
        <section className="suggestion" aria-label="Gợi ý phân công">
          <div className="row wrap">
            <strong>Gợi ý từ các văn bản tương tự đã xử lý</strong>
            <span className="muted small">({Math.round(suggestion.confidence * 100)}% ví dụ cùng đơn vị chủ trì)</span>
            <span className="spacer" />
            <Button small variant="primary" onClick={() => apply(suggestion)} disabled={used}>
              {used ? 'Đã dùng gợi ý' : 'Dùng gợi ý'}
            </Button>
          </div>
          <dl className="kv compact-kv">
            <dt>Lãnh đạo</dt>
            <dd>{suggestion.leader?.name ?? '—'}</dd>
            <dt>Chủ trì</dt>
            <dd>{suggestion.lead?.name ?? '—'}</dd>
            <dt>Thời hạn</dt>
            <dd>{suggestion.dueWorkingDays ? `${suggestion.dueWorkingDays} ngày làm việc` : '—'}</dd>
          </dl>
          {suggestion.examples.length > 0 && (
            <details open={suggestion.examples.length <= 3}>
              <summary>Dựa trên {suggestion.examples.length} văn bản</summary>
              <ul className="examples">
                {suggestion.examples.map((e) => (
                  <li key={e.documentId}>
                    <a href={`#/van-ban-den/${e.documentId}`} target="_blank" rel="noreferrer">
                      {e.code ?? 'Không số'}
                    </a>{' '}
                    <span className="muted small">
                      {e.issuerName} · {fmtDate(vnParts(e.arrivalAt).date)} · {REASONS[e.reason]}
                    </span>
                    <div>{e.subject}</div>
                    <div className="muted small">
                      {e.leaderName ? `${e.leaderName} giao` : 'Giao'} {e.leadName ?? '—'} chủ trì{e.dueDays ? `, ${e.dueDays} ngày làm việc` : ''}
                    </div>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
      {!suggesting && !useful && <p className="muted small">Chưa có văn bản tương tự đã xử lý để gợi ý.</p>}
      <Field label="Lãnh đạo" required error={fieldError(error, 'leaderId')}>
        {(id, describedBy) => (
          <select
            id={id}
            className="input"
            value={leaderId}
            onChange={(e) => {
              setLeaderId(e.target.value);
            }}
            aria-describedby={describedBy}
          >
            <option value="">— Chọn lãnh đạo —</option>
            {leaders.map((p) => (
              <option key={p.id} value={p.id}>
                {[p.fullName, p.position].filter(Boolean).join(' — ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      {leaders.length === 0 && dir.people.length > 0 && <p className="error-text">Cơ quan chưa có tài khoản lãnh đạo. Quản trị cần gán vai trò Lãnh đạo cho người ký.</p>}
      <TextAreaField label="Ý kiến đề xuất của văn thư" value={note} onChange={setNote} rows={3} error={fieldError(error, 'note')} />
    </FormDialog>
  );
}
