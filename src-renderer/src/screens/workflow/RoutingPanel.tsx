// The processing panel inside a document's view: the bút phê, the tasks (who, role, deadline, state) with what the
// caller may do on each (from workflow.get's `can`; the core checks again), comments and progress notes with files,
// and the timeline. It refreshes itself when the document's routing changes elsewhere (workflow.changed).

import { useCallback, useEffect, useState } from 'react';
import type { DocumentWorkflow, TaskDto } from '../../../../src-shared/api/workflow';
import { DOC_STATUS, type DocStatus } from '../../../../src-shared/documents';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button, SelectField, TextAreaField } from '../../ui/Controls';
import { ActionDialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { FileDrop, useAttachments } from '../../ui/FileDrop';
import { useAction } from '../../ui/useAction';
import { assigneeName, DueCell, KindBadge, TaskStatusBadge, TargetPicker, targetName, useDirectory, type Directory } from './common';
import { DirectiveDialog, DueInput, emptyAssignee, toAssignee, type AssigneeDraft } from './DirectiveForm';
import { onCoreEvent } from './events';
import { HandDownDialog } from './HandDownDialog';
import { PresentDialog } from './PresentDialog';
import { Timeline } from './Timeline';

type Open = { kind: 'present' | 'direct' | 'comment' } | { kind: 'handDown' | 'complete' | 'return' | 'reassign' | 'remind'; task: TaskDto } | null;

export function RoutingPanel({ documentId, onChanged }: { documentId: number; onChanged?: () => void }) {
  const toast = useToast();
  const { me } = useSession();
  const [wf, setWf] = useState<DocumentWorkflow | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Open>(null);
  const dir = useDirectory();

  const load = useCallback(() => call('workflow.get', { documentId }).then(setWf, setError), [documentId]);
  useEffect(() => void load(), [load]);
  useEffect(
    () =>
      onCoreEvent((name, data) => {
        if (name === 'workflow.changed' && (data as { documentId: number }).documentId === documentId) {
          void load();
          onChanged?.();
        }
      }),
    [documentId, load, onChanged],
  );

  const done = (message: string) => {
    toast('ok', message);
    void load();
    onChanged?.();
  };

  if (!wf) return error ? <ErrorBanner error={error} /> : <div className="card card-body muted">Đang tải quá trình xử lý…</div>;
  const can = wf.can;
  const mine = wf.tasks.filter((t) => can.complete.includes(t.id));
  // A unit head's work on a unit task is to pass it on: offered at the top, where a phone shows it first.
  const unitTask = wf.tasks.find((t) => t.unitId != null && t.userId == null && can.handDown.includes(t.id));
  const rowActions = (t: TaskDto) => {
    const items: Array<[Exclude<Open, null>['kind'], string]> = [];
    if (can.handDown.includes(t.id)) items.push(['handDown', 'Giao xử lý']);
    if (can.complete.includes(t.id)) items.push(['complete', 'Hoàn thành']);
    if (can.returnTask.includes(t.id)) items.push(['return', 'Trả lại']);
    if (can.reassign.includes(t.id)) items.push(['reassign', 'Giao lại']);
    if (can.remind.includes(t.id)) items.push(['remind', 'Đôn đốc']);
    return items;
  };

  return (
    <div className="card routing" aria-labelledby="routing-title">
      <div className="card-head wrap-head">
        <h2 id="routing-title">Xử lý văn bản</h2>
        <span className="spacer" />
        {can.present && (
          <Button variant="primary" onClick={() => setOpen({ kind: 'present' })}>
            Trình lãnh đạo
          </Button>
        )}
        {can.direct && (
          <Button variant="primary" onClick={() => setOpen({ kind: 'direct' })}>
            Bút phê
          </Button>
        )}
        {unitTask && (
          <Button variant="primary" onClick={() => setOpen({ kind: 'handDown', task: unitTask })}>
            Giao xử lý
          </Button>
        )}
        <Button onClick={() => setOpen({ kind: 'comment' })}>Ý kiến, tiến độ</Button>
      </div>
      <div className="card-body stack">
        {wf.directions.map((d) => (
          <blockquote key={d.id} className="direction">
            <div className="muted small">
              {d.level === 'office' ? 'Ý kiến chỉ đạo của lãnh đạo cơ quan' : 'Ý kiến của lãnh đạo đơn vị'} — {d.byName}
              {d.byPosition ? `, ${d.byPosition}` : ''} · {fmtDateTime(d.at)}
            </div>
            <div className="prewrap">{d.text || <span className="muted">(không ghi ý kiến)</span>}</div>
          </blockquote>
        ))}
        {wf.tasks.length === 0 ? (
          <p className="muted">Chưa trình, chưa giao xử lý.</p>
        ) : (
          <table className="data tasks stacked">
            <thead>
              <tr>
                <th>Người, đơn vị</th>
                <th>Vai trò</th>
                <th>Hạn</th>
                <th>Tình trạng</th>
                <th className="right">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {wf.tasks.map((t) => (
                <tr key={t.id} className={t.userId === me.user.id ? 'mine' : ''}>
                  <td data-label="Người, đơn vị">
                    <strong>{assigneeName(t)}</strong>
                    {t.unitId && !t.userId && <span className="muted small"> (đơn vị)</span>}
                    <div className="muted small">
                      {t.assignedByName ? `${t.assignedByName} giao` : 'Giao'} {fmtDateTime(t.assignedAt)}
                    </div>
                    {t.note && <div className="small prewrap">{t.note}</div>}
                    {t.result && <div className="small prewrap">Kết quả: {t.result}</div>}
                  </td>
                  <td data-label="Vai trò">
                    <KindBadge kind={t.kind} />
                  </td>
                  <td data-label="Hạn">
                    <DueCell task={t} />
                  </td>
                  <td data-label="Tình trạng">
                    <TaskStatusBadge task={t} />
                    {t.completedAt && <div className="muted small">{fmtDateTime(t.completedAt)}</div>}
                  </td>
                  <td className="actions" data-label="Thao tác">
                    {rowActions(t).map(([kind, label]) => (
                      <Button
                        key={kind}
                        small
                        variant={kind === 'complete' ? 'primary' : undefined}
                        onClick={() => setOpen({ kind, task: t } as Open)}
                        aria-label={`${label}: ${assigneeName(t)}`}
                      >
                        {label}
                      </Button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {wf.replies.length > 0 && (
          <div>
            <h3>Văn bản trả lời</h3>
            <ul className="plain">
              {wf.replies.map((r) => (
                <li key={r.id}>
                  <a href={`#/van-ban-di/${r.id}`}>{r.code ?? 'Dự thảo'}</a> — {r.subject} <span className="badge">{DOC_STATUS[r.status as DocStatus] ?? r.status}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div>
          <h3>Quá trình xử lý</h3>
          <Timeline events={wf.timeline} />
        </div>
      </div>
      {open?.kind === 'present' && <PresentDialog documentId={documentId} dir={dir} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'direct' && <DirectiveDialog documentId={documentId} dir={dir} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'handDown' && <HandDownDialog task={open.task} dir={dir} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'complete' && <CompleteDialog task={open.task} replies={wf.replies} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'return' && <ReturnDialog task={open.task} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'reassign' && <ReassignDialog task={open.task} dir={dir} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'remind' && <RemindDialog task={open.task} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'comment' && <CommentDialog documentId={documentId} mine={mine} onClose={() => setOpen(null)} onDone={done} />}
    </div>
  );
}

type Done = (message: string) => void;

function CompleteDialog({ task, replies, onClose, onDone }: { task: TaskDto; replies: DocumentWorkflow['replies']; onClose: () => void; onDone: Done }) {
  const [result, setResult] = useState('');
  const [reply, setReply] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      await call('workflow.complete', { taskId: task.id, result: result.trim() || null, replyDocumentId: reply ? Number(reply) : undefined });
      onDone('Đã hoàn thành xử lý.');
      onClose();
    });
  return (
    <FormDialog title="Hoàn thành xử lý" formId="complete-form" onClose={onClose} action="Hoàn thành" busy={busy} onSubmit={go}>
      <ErrorBanner error={error} shownFields={['result']} />
      <TextAreaField label="Kết quả xử lý" value={result} onChange={setResult} rows={4} autoFocus error={fieldError(error, 'result')} />
      {replies.length > 0 && (
        <SelectField
          label="Văn bản trả lời"
          value={reply}
          onChange={setReply}
          options={[{ value: '', label: '— Không chọn —' }, ...replies.map((r) => ({ value: String(r.id), label: `${r.code ?? 'Dự thảo'} — ${r.subject}` }))]}
        />
      )}
    </FormDialog>
  );
}

function ReturnDialog({ task, onClose, onDone }: { task: TaskDto; onClose: () => void; onDone: Done }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      await call('workflow.return', { taskId: task.id, reason });
      onDone(`Đã trả lại cho ${task.assignedByName ?? 'người giao'}.`);
      onClose();
    });
  return (
    <ActionDialog title="Trả lại việc" onClose={onClose} action="Trả lại" danger busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reason']} />
      <p>Việc được trả về {task.assignedByName ?? 'người giao'} kèm lý do.</p>
      <TextAreaField label="Lý do" required value={reason} onChange={setReason} rows={3} autoFocus error={fieldError(error, 'reason')} />
    </ActionDialog>
  );
}

function ReassignDialog({ task, dir, onClose, onDone }: { task: TaskDto; dir: Directory; onClose: () => void; onDone: Done }) {
  const [to, setTo] = useState<AssigneeDraft>(() => ({ ...emptyAssignee(task.dueDate ? 'date' : 'days'), dueDate: task.dueDate ?? '' }));
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      await call('workflow.reassign', { taskId: task.id, to: toAssignee(to), reason });
      onDone(`Đã giao lại cho ${targetName(dir, to.target)}.`);
      onClose();
    });
  return (
    <FormDialog title={`Giao lại việc của ${assigneeName(task)}`} formId="reassign-form" onClose={onClose} action="Giao lại" busy={busy} onSubmit={go}>
      <ErrorBanner error={error} shownFields={['reason', 'to.userId', 'to.dueDate']} />
      <TargetPicker label="Giao cho" required value={to.target} onChange={(t) => setTo({ ...to, target: t })} dir={dir} error={fieldError(error, 'to.userId')} />
      <DueInput value={to} onChange={setTo} error={fieldError(error, 'to.dueDate')} />
      <TextAreaField label="Lý do" required value={reason} onChange={setReason} rows={2} error={fieldError(error, 'reason')} />
    </FormDialog>
  );
}

export function RemindDialog({ task, onClose, onDone }: { task: TaskDto; onClose: () => void; onDone: Done }) {
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      await call('workflow.remind', { taskId: task.id, text: text.trim() || null });
      onDone(`Đã đôn đốc ${assigneeName(task)}.`);
      onClose();
    });
  return (
    <ActionDialog title={`Đôn đốc ${assigneeName(task)}`} onClose={onClose} action="Gửi đôn đốc" busy={busy} onAction={go}>
      <ErrorBanner error={error} />
      <TextAreaField label="Lời nhắc (không bắt buộc)" value={text} onChange={setText} rows={3} autoFocus placeholder="Đề nghị khẩn trương xử lý, báo cáo kết quả trước hạn." />
    </ActionDialog>
  );
}

function CommentDialog({ documentId, mine, onClose, onDone }: { documentId: number; mine: TaskDto[]; onClose: () => void; onDone: Done }) {
  const [kind, setKind] = useState<'comment' | 'progress'>(mine.length ? 'progress' : 'comment');
  const [text, setText] = useState('');
  const { files, setFiles, track, settled } = useAttachments();
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      const ready = await settled();
      await call('workflow.comment', {
        documentId,
        taskId: mine[0]?.id,
        kind,
        text,
        files: ready.map(({ hash, fileName, role }) => ({ hash, fileName, role })),
      });
      onDone(kind === 'progress' ? 'Đã ghi tiến độ.' : 'Đã ghi ý kiến.');
      onClose();
    });
  return (
    <FormDialog title="Ý kiến, tiến độ xử lý" formId="comment-form" wide onClose={onClose} action="Ghi" busy={busy} onSubmit={go}>
      <ErrorBanner error={error} shownFields={['text']} />
      <SelectField
        label="Loại"
        value={kind}
        onChange={(v) => setKind(v as typeof kind)}
        options={[
          { value: 'progress', label: 'Tiến độ xử lý' },
          { value: 'comment', label: 'Ý kiến' },
        ]}
      />
      <TextAreaField label="Nội dung" required value={text} onChange={setText} rows={4} autoFocus error={fieldError(error, 'text')} />
      <FileDrop files={files} onChange={setFiles} onUploading={track} defaultRole="attachment" />
    </FormDialog>
  );
}
