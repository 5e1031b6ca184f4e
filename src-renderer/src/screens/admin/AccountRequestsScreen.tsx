// Quản trị › Đề nghị tài khoản: the written requests for a new account, a change of rights or a revocation (QN Điều 8,
// 12–14) — record, approve or reject, and carry out (create the account prefilled, edit it, or revoke it; the request
// is marked done in the same step). Only screens and calls: the rules live in the core (accounts/requests.ts).

import { useCallback, useEffect, useState } from 'react';
import type { AccountRequestDto, AccountRequestKind, AccountRequestStatus, UnitDto, UserDto } from '../../../../src-shared/api/accounts';
import { ROLE_LABELS, ROLES, type Role } from '../../../../src-shared/permissions';
import { call } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { Button, Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog, Dialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { ConfirmDialog, UserDialog } from '../UsersScreen';

export const REQUEST_KIND: Record<AccountRequestKind, string> = { new: 'Cấp mới', change: 'Thay đổi quyền, thông tin', revoke: 'Thu hồi' };
export const REQUEST_STATUS: Record<AccountRequestStatus, { label: string; tone: 'green' | 'red' | 'orange' | 'blue' }> = {
  pending: { label: 'Chờ duyệt', tone: 'orange' },
  approved: { label: 'Đã duyệt, chờ thực hiện', tone: 'blue' },
  rejected: { label: 'Từ chối', tone: 'red' },
  done: { label: 'Đã thực hiện', tone: 'green' },
};

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export function AccountRequestsScreen() {
  const toast = useToast();
  const [status, setStatus] = useState<'' | AccountRequestStatus>('');
  const [kind, setKind] = useState<'' | AccountRequestKind>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState('');
  const [data, setData] = useState<{ items: AccountRequestDto[]; total: number } | null>(null);
  const [units, setUnits] = useState<UnitDto[]>([]);
  const { error: loadError, setError: setLoadError, run: runLoad } = useAction();
  const [recording, setRecording] = useState(false);
  const [deciding, setDeciding] = useState<{ req: AccountRequestDto; approve: boolean } | null>(null);
  const [carrying, setCarrying] = useState<{ req: AccountRequestDto; user: UserDto | null } | null>(null);
  const [secret, setSecret] = useState<{ user: UserDto; password: string } | null>(null);

  const load = useCallback(
    () =>
      runLoad(async () =>
        setData(
          await call('accountRequests.list', {
            status: status || undefined,
            kind: kind || undefined,
            from: from || undefined,
            to: to || undefined,
            query: query.trim() || undefined,
            limit: 500,
          }),
        ),
      ),
    [runLoad, status, kind, from, to, query],
  );
  useEffect(() => {
    const t = setTimeout(() => void load(), 150);
    return () => clearTimeout(t);
  }, [load]);
  useEffect(() => {
    void call('units.list', {}).then(setUnits, setLoadError);
  }, [setLoadError]);

  const carryOut = (req: AccountRequestDto) =>
    void runLoad(async () => {
      setCarrying({ req, user: req.userId ? await call('users.get', { id: req.userId }) : null });
    });

  const done = (msg: string) => {
    setCarrying(null);
    toast('ok', msg);
    void load();
  };

  return (
    <section aria-labelledby="requests-title">
      <div className="page-head">
        <h1 id="requests-title">Đề nghị tài khoản</h1>
        <span className="sub">{data ? `${data.total} đề nghị` : ''}</span>
        <span className="spacer" />
        <Button variant="primary" onClick={() => setRecording(true)}>
          + Ghi nhận đề nghị
        </Button>
      </div>
      <p className="muted">
        Đề nghị bằng văn bản của thủ trưởng hoặc trưởng đơn vị về cấp mới, thay đổi quyền hay thu hồi tài khoản. Quản trị ghi nhận, duyệt hoặc từ chối, rồi thực hiện; danh sách này
        là nguồn của báo cáo tài khoản (Mẫu 04).
      </p>
      <div className="toolbar" role="search">
        <TextField label="Tìm theo tên" value={query} onChange={setQuery} type="search" placeholder="Người được đề nghị hoặc người đề nghị" />
        <SelectField
          label="Trạng thái"
          value={status}
          onChange={(v) => setStatus(v as AccountRequestStatus | '')}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(REQUEST_STATUS).map(([value, s]) => ({ value, label: s.label }))]}
        />
        <SelectField
          label="Loại"
          value={kind}
          onChange={(v) => setKind(v as AccountRequestKind | '')}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(REQUEST_KIND).map(([value, label]) => ({ value, label }))]}
        />
        <DateField label="Từ ngày" value={from} onChange={setFrom} />
        <DateField label="Đến ngày" value={to} onChange={setTo} />
      </div>
      <ErrorBanner error={loadError} />
      <div className="card table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Ngày đề nghị</th>
              <th>Loại</th>
              <th>Người được đề nghị</th>
              <th>Nội dung</th>
              <th>Người đề nghị</th>
              <th>Trạng thái</th>
              <th className="right">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">
                  {fmtDate(r.requestedOn)}
                  <div className="muted">Số {r.id}</div>
                </td>
                <td>{REQUEST_KIND[r.kind]}</td>
                <td>
                  <strong>{r.subjectName}</strong>
                  {r.username && <div className="muted mono">{r.username}</div>}
                </td>
                <td>
                  <DetailsText r={r} />
                </td>
                <td>{r.requestedBy}</td>
                <td>
                  <span className={`badge ${REQUEST_STATUS[r.status].tone}`}>{REQUEST_STATUS[r.status].label}</span>
                  {r.decidedAt && (
                    <div className="muted">
                      {r.status === 'rejected' ? 'Từ chối' : 'Duyệt'}: {r.decidedByName}, {fmtDateTime(r.decidedAt)}
                      {r.decisionNote ? ` — ${r.decisionNote}` : ''}
                    </div>
                  )}
                  {r.doneAt && (
                    <div className="muted">
                      Thực hiện: {r.doneByName}, {fmtDateTime(r.doneAt)}
                    </div>
                  )}
                </td>
                <td className="actions">
                  {r.status === 'pending' && (
                    <>
                      <Button small onClick={() => setDeciding({ req: r, approve: true })} aria-label={`Duyệt đề nghị số ${r.id}`}>
                        Duyệt
                      </Button>
                      <Button small variant="danger" onClick={() => setDeciding({ req: r, approve: false })} aria-label={`Từ chối đề nghị số ${r.id}`}>
                        Từ chối
                      </Button>
                    </>
                  )}
                  {r.status === 'approved' && (
                    <Button small variant={r.kind === 'revoke' ? 'danger' : 'primary'} onClick={() => carryOut(r)} aria-label={`Thực hiện đề nghị số ${r.id}`}>
                      {r.kind === 'new' ? 'Cấp tài khoản' : r.kind === 'change' ? 'Sửa tài khoản' : 'Thu hồi tài khoản'}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.items.length === 0 && <div className="empty">Chưa có đề nghị nào phù hợp.</div>}
      </div>

      {recording && (
        <RecordDialog
          units={units}
          onClose={() => setRecording(false)}
          onSaved={(r) => {
            setRecording(false);
            toast('ok', `Đã ghi nhận đề nghị số ${r.id} (${REQUEST_KIND[r.kind].toLowerCase()}) cho ${r.subjectName}.`);
            void load();
          }}
        />
      )}
      {deciding && (
        <DecideDialog
          req={deciding.req}
          approve={deciding.approve}
          onClose={() => setDeciding(null)}
          onDone={(r) => {
            setDeciding(null);
            toast('ok', `Đã ${deciding.approve ? 'duyệt' : 'từ chối'} đề nghị số ${r.id}.`);
            void load();
          }}
        />
      )}
      {carrying && carrying.req.kind !== 'revoke' && (
        <UserDialog
          user={carrying.user}
          units={units}
          fromRequest={carrying.req}
          onClose={() => setCarrying(null)}
          onSaved={(u, temporaryPassword) => {
            done(`Đã thực hiện đề nghị số ${carrying.req.id}: tài khoản ${u.username}.`);
            if (temporaryPassword) setSecret({ user: u, password: temporaryPassword });
          }}
        />
      )}
      {carrying && carrying.req.kind === 'revoke' && carrying.user && (
        <ConfirmDialog
          user={carrying.user}
          action="revoke"
          requestId={carrying.req.id}
          initialReason={carrying.req.details.reason ?? `Theo đề nghị số ${carrying.req.id}`}
          onClose={() => setCarrying(null)}
          onDone={(u) => done(`Đã thu hồi tài khoản ${u.username} theo đề nghị số ${carrying.req.id}.`)}
        />
      )}
      {secret && (
        <Dialog
          title="Mật khẩu tạm thời"
          onClose={() => setSecret(null)}
          footer={
            <Button variant="primary" onClick={() => setSecret(null)}>
              Đã ghi lại
            </Button>
          }
        >
          <div className="stack">
            <p>
              Giao mật khẩu tạm thời này cho <strong>{secret.user.fullName}</strong> (tên đăng nhập <strong className="mono">{secret.user.username}</strong>). Người dùng phải đổi
              mật khẩu ở lần đăng nhập đầu tiên. Mật khẩu chỉ hiển thị một lần.
            </p>
            <div className="secret" aria-label="Mật khẩu tạm thời">
              {secret.password}
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function DetailsText({ r }: { r: AccountRequestDto }) {
  const d = r.details;
  const parts = [
    d.roles?.length ? `Vai trò: ${d.roles.map((x) => ROLE_LABELS[x]).join(', ')}` : null,
    d.unitName ? `Đơn vị: ${d.unitName}` : null,
    d.position ? `Chức vụ: ${d.position}` : null,
    d.reason ? `Lý do: ${d.reason}` : null,
  ].filter(Boolean);
  return parts.length ? <>{parts.join('; ')}</> : <span className="muted">—</span>;
}

function RecordDialog(props: { units: UnitDto[]; onClose: () => void; onSaved: (r: AccountRequestDto) => void }) {
  const [kind, setKind] = useState<AccountRequestKind>('new');
  const [subjectName, setSubjectName] = useState('');
  const [userId, setUserId] = useState('');
  const [users, setUsers] = useState<UserDto[]>([]);
  const [requestedBy, setRequestedBy] = useState('');
  const [requestedOn, setRequestedOn] = useState(today());
  const [roles, setRoles] = useState<Role[]>([]);
  const [unitId, setUnitId] = useState('');
  const [position, setPosition] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (kind === 'new' || users.length) return;
    void call('users.list', { limit: 500 }).then((r) => setUsers(r.items.filter((u) => u.status !== 'revoked')), setError);
  }, [kind, users.length, setError]);

  const submit = () =>
    void run(async () => {
      props.onSaved(
        await call('accountRequests.create', {
          kind,
          userId: kind === 'new' || !userId ? null : Number(userId),
          subjectName: kind === 'new' ? subjectName : null,
          requestedBy,
          requestedOn,
          details: {
            ...(kind !== 'revoke' && roles.length ? { roles } : {}),
            ...(kind !== 'revoke' && unitId ? { unitId: Number(unitId) } : {}),
            ...(kind !== 'revoke' && position ? { position } : {}),
            reason: reason || null,
          },
        }),
      );
    });
  const fe = (p: string) => fieldError(error, p);
  return (
    <FormDialog title="Ghi nhận đề nghị tài khoản" onClose={props.onClose} wide formId="request-form" onSubmit={submit} busy={busy} action="Ghi nhận" autoComplete="off">
      <ErrorBanner error={error} shownFields={['kind', 'userId', 'subjectName', 'requestedBy', 'requestedOn', 'details.unitId']} />
      <div className="grid-2">
        <SelectField
          label="Loại đề nghị"
          required
          value={kind}
          onChange={(v) => setKind(v as AccountRequestKind)}
          options={Object.entries(REQUEST_KIND).map(([value, label]) => ({ value, label }))}
        />
        {kind === 'new' ? (
          <TextField label="Họ và tên người được cấp" required value={subjectName} onChange={setSubjectName} error={fe('subjectName')} />
        ) : (
          <SelectField
            label="Tài khoản"
            required
            value={userId}
            onChange={setUserId}
            error={fe('userId')}
            options={[{ value: '', label: '— Chọn tài khoản —' }, ...users.map((u) => ({ value: String(u.id), label: `${u.fullName} (${u.username})` }))]}
          />
        )}
        <TextField
          label="Người đề nghị"
          required
          value={requestedBy}
          onChange={setRequestedBy}
          error={fe('requestedBy')}
          hint="Như ghi trên văn bản đề nghị, ví dụ: Trưởng Bộ phận Tư pháp (Tờ trình số 12/TTr-TP)"
        />
        <DateField label="Ngày đề nghị" required value={requestedOn} onChange={setRequestedOn} error={fe('requestedOn')} />
        {kind !== 'revoke' && (
          <>
            <SelectField
              label="Đơn vị"
              value={unitId}
              onChange={setUnitId}
              error={fe('details.unitId')}
              options={[{ value: '', label: '— Không ghi —' }, ...props.units.filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.name }))]}
            />
            <TextField label="Chức vụ" value={position} onChange={setPosition} />
            <div className="field span-2">
              <span className="label">Vai trò đề nghị</span>
              <div className="checks">
                {ROLES.map((r) => (
                  <Checkbox key={r} label={ROLE_LABELS[r]} checked={roles.includes(r)} onChange={(on) => setRoles(on ? [...roles, r] : roles.filter((x) => x !== r))} />
                ))}
              </div>
            </div>
          </>
        )}
        <TextAreaField label="Lý do, ghi chú" value={reason} onChange={setReason} fieldClass="span-2" placeholder="Ví dụ: tuyển dụng mới, chuyển công tác, nghỉ hưu" />
      </div>
    </FormDialog>
  );
}

function DecideDialog(props: { req: AccountRequestDto; approve: boolean; onClose: () => void; onDone: (r: AccountRequestDto) => void }) {
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const { req, approve } = props;
  return (
    <ActionDialog
      title={approve ? 'Duyệt đề nghị' : 'Từ chối đề nghị'}
      action={approve ? 'Duyệt' : 'Từ chối'}
      danger={!approve}
      busy={busy}
      onClose={props.onClose}
      onAction={() => run(async () => props.onDone(await call('accountRequests.decide', { id: req.id, approve, note: note || null })))}
    >
      <ErrorBanner error={error} />
      <p>
        Đề nghị số {req.id}: <strong>{REQUEST_KIND[req.kind].toLowerCase()}</strong> tài khoản cho <strong>{req.subjectName}</strong>, của {req.requestedBy} ngày{' '}
        {fmtDate(req.requestedOn)}.
      </p>
      <TextField label={approve ? 'Ghi chú' : 'Lý do từ chối'} value={note} onChange={setNote} autoFocus />
    </ActionDialog>
  );
}
