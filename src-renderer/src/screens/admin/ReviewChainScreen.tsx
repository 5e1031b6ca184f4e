// Quản trị › Quy trình duyệt: the office's review chain for outgoing drafts (ordered steps: lãnh đạo phòng, lãnh
// đạo cơ quan, each with its label) and the paper rules (which documents must also go on paper, and why).

import { useCallback, useEffect, useState } from 'react';
import type { DocTypeDto } from '../../../../src-shared/api/documents';
import type { PaperRule, ReviewChainStep } from '../../../../src-shared/api/outgoing';
import { call } from '../../api';
import { useSession } from '../../session';
import { AgencyPicker, type IssuerValue } from '../../ui/AgencyPicker';
import { Button, SelectField, TextField } from '../../ui/Controls';
import { ActionDialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

const WHO: Record<ReviewChainStep['who'], string> = {
  unit_head: 'Lãnh đạo phòng (của người soạn)',
  leader: 'Lãnh đạo cơ quan (người soạn chọn khi trình)',
};
const DEFAULT_LABEL: Record<ReviewChainStep['who'], string> = { unit_head: 'Lãnh đạo phòng', leader: 'Lãnh đạo cơ quan' };

export function ReviewChainScreen() {
  const { can } = useSession();
  const manage = can('settings.manage');
  return (
    <section aria-labelledby="chain-title" className="stack">
      <div className="page-head">
        <h1 id="chain-title">Quy trình duyệt văn bản đi</h1>
      </div>
      <ChainCard manage={manage} />
      <PaperRulesCard manage={manage} />
    </section>
  );
}

function ChainCard({ manage }: { manage: boolean }) {
  const toast = useToast();
  const [steps, setSteps] = useState<ReviewChainStep[] | null>(null);
  const [saved, setSaved] = useState<string>('');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    call('outgoing.reviewChain', {}).then((s) => {
      setSteps(s);
      setSaved(JSON.stringify(s));
    }, setError);
  }, [setError]);

  const update = (i: number, patch: Partial<ReviewChainStep>) => setSteps((s) => s && s.map((x, k) => (k === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: number) =>
    setSteps((s) => {
      if (!s || i + by < 0 || i + by >= s.length) return s;
      const next = [...s];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  const save = () =>
    run(async () => {
      const s = await call('outgoing.saveReviewChain', { steps: steps ?? [] });
      setSteps(s);
      setSaved(JSON.stringify(s));
      toast('ok', 'Đã lưu quy trình duyệt.');
    });
  const dirty = steps != null && JSON.stringify(steps) !== saved;

  return (
    <div className="card">
      <div className="card-head">
        <h2 className="grow">Các bước duyệt dự thảo</h2>
        {manage && (
          <Button variant="primary" busy={busy} disabled={!dirty} onClick={() => void save()}>
            Lưu quy trình
          </Button>
        )}
      </div>
      <div className="card-body stack">
        <p className="muted">
          Chuyên viên soạn dự thảo → các bước dưới đây theo thứ tự (mỗi bước duyệt hoặc trả lại kèm ý kiến) → “Chuyển ban hành” cho văn thư cấp số. Người duyệt có thể chuyển tiếp
          cho người khác khi cần.
        </p>
        <ErrorBanner error={error} />
        {steps && (
          <ol className="chain-steps">
            <li className="muted">Chuyên viên soạn thảo, trình</li>
            {steps.map((s, i) => (
              <li key={i} className="chain-step">
                <div className="grid-2">
                  <SelectField
                    label={`Bước ${i + 1}`}
                    value={s.who}
                    disabled={!manage}
                    onChange={(v) => {
                      const who = v as ReviewChainStep['who'];
                      update(i, { who, label: s.label === DEFAULT_LABEL[s.who] ? DEFAULT_LABEL[who] : s.label });
                    }}
                    options={Object.entries(WHO).map(([value, label]) => ({ value, label }))}
                  />
                  <TextField label="Tên bước" value={s.label} disabled={!manage} onChange={(label) => update(i, { label })} error={fieldError(error, `steps.${i}.label`)} />
                </div>
                {manage && (
                  <div className="row">
                    <Button small variant="ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Đưa bước ${i + 1} lên`}>
                      ↑ Lên
                    </Button>
                    <Button small variant="ghost" disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={`Đưa bước ${i + 1} xuống`}>
                      ↓ Xuống
                    </Button>
                    <Button small variant="ghost" disabled={steps.length <= 1} onClick={() => setSteps(steps.filter((_, k) => k !== i))} aria-label={`Bỏ bước ${i + 1}`}>
                      Bỏ bước
                    </Button>
                  </div>
                )}
              </li>
            ))}
            <li className="muted">Văn thư cấp số, ban hành</li>
          </ol>
        )}
        {manage && steps && steps.length < 5 && (
          <div className="row">
            <Button small onClick={() => setSteps([...steps, { who: 'leader', label: DEFAULT_LABEL.leader }])}>
              + Thêm bước
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}

function PaperRulesCard({ manage }: { manage: boolean }) {
  const toast = useToast();
  const [rules, setRules] = useState<PaperRule[] | null>(null);
  const [types, setTypes] = useState<DocTypeDto[]>([]);
  const [editing, setEditing] = useState<{ rule: PaperRule | null } | null>(null);
  const [removing, setRemoving] = useState<PaperRule | null>(null);
  const { busy, error, setError, run } = useAction();

  const load = useCallback(() => call('outgoing.paperRules', {}).then(setRules, setError), [setError]);
  useEffect(() => {
    void load();
    call('doctypes.list', {}).then(setTypes, setError);
  }, [load, setError]);
  const typeName = (id: number | null) => (id ? (types.find((t) => t.id === id)?.name ?? `#${id}`) : null);

  const remove = (r: PaperRule) =>
    run(async () => {
      setRules(await call('outgoing.savePaperRule', { id: r.id, reason: r.reason, remove: true }));
      setRemoving(null);
      toast('ok', 'Đã xóa quy tắc.');
    });

  return (
    <div className="card">
      <div className="card-head">
        <h2 className="grow">Văn bản phải gửi kèm bản giấy</h2>
        {manage && (
          <Button onClick={() => setEditing({ rule: null })} variant="primary">
            + Thêm quy tắc
          </Button>
        )}
      </div>
      <div className="card-body stack">
        <p className="muted">
          Khi soạn, nơi nhận khớp một quy tắc (theo loại văn bản, cơ quan nhận hoặc tên nơi nhận) được đánh dấu “gửi kèm bản giấy”; văn thư in, ký, đóng dấu và gửi.
        </p>
        <ErrorBanner error={error} />
        <div className="table-wrap">
          <table className="data catalog">
            <thead>
              <tr>
                <th>Loại văn bản</th>
                <th>Nơi nhận</th>
                <th>Lý do</th>
                {manage && <th className="right">Thao tác</th>}
              </tr>
            </thead>
            <tbody>
              {(rules ?? []).map((r) => (
                <tr key={r.id}>
                  <td>{typeName(r.docTypeId) ?? <span className="muted">Mọi loại</span>}</td>
                  <td>{r.recipientText ?? (r.recipientAgencyId ? `Cơ quan #${r.recipientAgencyId}` : <span className="muted">Mọi nơi nhận</span>)}</td>
                  <td>{r.reason}</td>
                  {manage && (
                    <td className="actions">
                      <Button small variant="ghost" onClick={() => setEditing({ rule: r })} aria-label={`Sửa quy tắc ${r.reason}`}>
                        Sửa
                      </Button>
                      <Button small variant="ghost" onClick={() => setRemoving(r)} aria-label={`Xóa quy tắc ${r.reason}`}>
                        Xóa
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {rules && rules.length === 0 && <div className="empty">Chưa có quy tắc: mọi văn bản chỉ gửi điện tử, trừ khi người soạn đánh dấu bản giấy.</div>}
        </div>
      </div>
      {editing && (
        <PaperRuleDialog
          rule={editing.rule}
          types={types}
          onClose={() => setEditing(null)}
          onSaved={(rs) => {
            setRules(rs);
            setEditing(null);
            toast('ok', 'Đã lưu quy tắc.');
          }}
        />
      )}
      {removing && (
        <ActionDialog title="Xóa quy tắc gửi bản giấy" onClose={() => setRemoving(null)} action="Xóa" danger busy={busy} onAction={() => remove(removing)}>
          <p>Xóa quy tắc “{removing.reason}”? Các dự thảo đã soạn giữ nguyên đánh dấu bản giấy của chúng.</p>
        </ActionDialog>
      )}
    </div>
  );
}

function PaperRuleDialog(props: { rule: PaperRule | null; types: DocTypeDto[]; onClose: () => void; onSaved: (rules: PaperRule[]) => void }) {
  const r = props.rule;
  const [docTypeId, setDocTypeId] = useState(r?.docTypeId ? String(r.docTypeId) : '');
  const [recipient, setRecipient] = useState<IssuerValue>({ agencyId: r?.recipientAgencyId ?? null, code: null, name: r?.recipientText ?? '' });
  const [reason, setReason] = useState(r?.reason ?? '');
  const { busy, error, run } = useAction();
  const submit = () =>
    run(async () =>
      props.onSaved(
        await call('outgoing.savePaperRule', {
          id: r?.id,
          docTypeId: docTypeId ? Number(docTypeId) : null,
          recipientAgencyId: recipient.agencyId,
          // A directory body is matched by its id; a typed name by the text the recipients' names contain.
          recipientText: recipient.agencyId ? null : recipient.name || null,
          reason,
        }),
      ),
    );
  const fe = (p: string) => fieldError(error, p);
  return (
    <FormDialog title={r ? 'Sửa quy tắc gửi bản giấy' : 'Thêm quy tắc gửi bản giấy'} onClose={props.onClose} formId="paper-rule-form" onSubmit={submit} busy={busy} action="Lưu">
      <ErrorBanner error={error} shownFields={['docTypeId', 'recipientText', 'recipientAgencyId', 'reason']} />
      <SelectField
        label="Loại văn bản"
        value={docTypeId}
        onChange={setDocTypeId}
        error={fe('docTypeId')}
        options={[{ value: '', label: 'Mọi loại văn bản' }, ...props.types.map((t) => ({ value: String(t.id), label: t.name }))]}
      />
      <AgencyPicker label="Nơi nhận (cơ quan trong danh mục, hoặc một phần tên)" value={recipient} onChange={setRecipient} error={fe('recipientText') ?? fe('recipientAgencyId')} />
      <TextField label="Lý do" required value={reason} onChange={setReason} error={fe('reason')} placeholder="Ví dụ: Tòa án yêu cầu bản giấy có dấu đỏ" />
    </FormDialog>
  );
}
