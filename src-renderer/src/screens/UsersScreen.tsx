// Quản trị › Người dùng: list, search, create (username suggested per QN 6.2), edit (date of leaving too), disable /
// re-enable, revoke (final, red confirmation), reset password. Temporary passwords are shown once, here, and never again.
// Accounts created, changed or revoked from an account request arrive here with `fromRequest` (prefilled and linked).

import { useCallback, useEffect, useState } from 'react';
import type { AccountRequestDto, UnitDto, UserDto, UserStatus } from '../../../src-shared/api/accounts';
import { ROLE_LABELS, ROLES, type Role } from '../../../src-shared/permissions';
import { call } from '../api';
import { fmtDate, fmtDateTime, USER_STATUS } from '../format';
import { useSession } from '../session';
import { Button, Checkbox, SelectField, TextField } from '../ui/Controls';
import { DateField } from '../ui/DateField';
import { ActionDialog, Dialog, FormDialog } from '../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../ui/Feedback';
import { useAction } from '../ui/useAction';

interface Form {
  fullName: string;
  username: string;
  position: string;
  email: string;
  phone: string;
  unitId: string;
  headsUnit: boolean;
  roles: Role[];
  password: string;
  autoPassword: boolean;
  leftOn: string;
}

const EMPTY: Form = {
  fullName: '',
  username: '',
  position: '',
  email: '',
  phone: '',
  unitId: '',
  headsUnit: false,
  roles: ['staff'],
  password: '',
  autoPassword: true,
  leftOn: '',
};

export function UsersScreen() {
  const { me } = useSession();
  const toast = useToast();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<'' | UserStatus>('');
  const [role, setRole] = useState<'' | Role>('');
  const [data, setData] = useState<{ items: UserDto[]; total: number } | null>(null);
  const [units, setUnits] = useState<UnitDto[]>([]);
  const { error: loadError, setError: setLoadError, run: runLoad } = useAction();
  const [editing, setEditing] = useState<{ user: UserDto | null } | null>(null);
  const [secret, setSecret] = useState<{ user: UserDto; password: string } | null>(null);
  const [confirm, setConfirm] = useState<{ user: UserDto; action: 'disable' | 'reset' | 'revoke' } | null>(null);

  const load = useCallback(
    () => runLoad(async () => setData(await call('users.list', { query: query || undefined, status: status || undefined, role: role || undefined, limit: 500 }))),
    [runLoad, query, status, role],
  );

  useEffect(() => {
    const t = setTimeout(() => void load(), 150);
    return () => clearTimeout(t);
  }, [load]);
  useEffect(() => {
    void call('units.list', {}).then(setUnits, setLoadError);
  }, [setLoadError]);

  /** Re-enabling and unlocking: one call, a toast, the list refreshed. */
  const quick = (method: 'users.enable' | 'users.unlock', done: string) => async (u: UserDto) => {
    try {
      await call(method, { id: u.id });
      toast('ok', `${done} ${u.username}.`);
      void load();
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  const enable = quick('users.enable', 'Đã mở lại tài khoản');
  const unlock = quick('users.unlock', 'Đã mở khóa tài khoản');

  return (
    <section aria-labelledby="users-title">
      <div className="page-head">
        <h1 id="users-title">Người dùng</h1>
        <span className="sub">{data ? `${data.total} tài khoản` : ''}</span>
        <span className="spacer" />
        <Button variant="primary" onClick={() => setEditing({ user: null })}>
          + Thêm tài khoản
        </Button>
      </div>
      <div className="toolbar" role="search">
        <TextField label="Tìm theo tên" value={query} onChange={setQuery} placeholder="Gõ không dấu cũng được" type="search" />
        <SelectField
          label="Trạng thái"
          value={status}
          onChange={(v) => setStatus(v as UserStatus | '')}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(USER_STATUS).map(([value, s]) => ({ value, label: s.label }))]}
        />
        <SelectField
          label="Vai trò"
          value={role}
          onChange={(v) => setRole(v as Role | '')}
          options={[{ value: '', label: 'Tất cả' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
        />
      </div>
      <ErrorBanner error={loadError} />
      <div className="card table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Họ và tên</th>
              <th>Tên đăng nhập</th>
              <th>Đơn vị</th>
              <th>Vai trò</th>
              <th>Trạng thái</th>
              <th>Đăng nhập gần nhất</th>
              <th className="right">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((u) => (
              <tr key={u.id}>
                <td>
                  <strong>{u.fullName}</strong>
                  {u.position && <div className="muted">{u.position}</div>}
                </td>
                <td className="mono">{u.username}</td>
                <td>{u.unitName ?? <span className="muted">—</span>}</td>
                <td>{u.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                <td>
                  <span className={`badge ${USER_STATUS[u.status].tone}`}>{USER_STATUS[u.status].label}</span>
                  {u.lockedUntil && <div className="muted">Tạm khóa đến {fmtDateTime(u.lockedUntil)}</div>}
                  {u.mustChangePassword && u.status === 'active' && <div className="muted">Chờ đổi mật khẩu</div>}
                  {u.revokedAt && <div className="muted">Thu hồi lúc {fmtDateTime(u.revokedAt)}</div>}
                  {u.leftOn && !u.revokedAt && <div className="muted">Nghỉ việc từ {fmtDate(u.leftOn)}</div>}
                </td>
                <td className="nowrap">{u.lastLoginAt ? fmtDateTime(u.lastLoginAt) : <span className="muted">Chưa đăng nhập</span>}</td>
                <td className="actions">
                  {u.status === 'revoked' ? (
                    <span className="muted">Đã thu hồi — cần cấp tài khoản mới</span>
                  ) : (
                    <UserActions
                      u={u}
                      self={u.id === me.user.id}
                      onEdit={() => setEditing({ user: u })}
                      onUnlock={() => void unlock(u)}
                      onEnable={() => void enable(u)}
                      onConfirm={(action) => setConfirm({ user: u, action })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.items.length === 0 && <div className="empty">Không có tài khoản phù hợp.</div>}
      </div>

      {editing && (
        <UserDialog
          user={editing.user}
          units={units}
          onClose={() => setEditing(null)}
          onSaved={(u, temporaryPassword) => {
            setEditing(null);
            toast('ok', editing.user ? `Đã lưu tài khoản ${u.username}.` : `Đã tạo tài khoản ${u.username}.`);
            if (temporaryPassword) setSecret({ user: u, password: temporaryPassword });
            void load();
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          user={confirm.user}
          action={confirm.action}
          onClose={() => setConfirm(null)}
          onDone={(u, temporaryPassword) => {
            setConfirm(null);
            toast(
              'ok',
              { disable: `Đã vô hiệu hóa ${u.username}.`, reset: `Đã đặt lại mật khẩu cho ${u.username}.`, revoke: `Đã thu hồi tài khoản ${u.username}.` }[confirm.action],
            );
            if (temporaryPassword) setSecret({ user: u, password: temporaryPassword });
            void load();
          }}
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

/** The row's buttons for an account that is not revoked. */
function UserActions(props: { u: UserDto; self: boolean; onEdit: () => void; onUnlock: () => void; onEnable: () => void; onConfirm: (a: 'disable' | 'reset' | 'revoke') => void }) {
  const { u } = props;
  return (
    <>
      <Button small variant="ghost" onClick={props.onEdit} aria-label={`Sửa ${u.fullName}`}>
        Sửa
      </Button>
      {u.lockedUntil && u.lockedUntil > Date.now() && (
        <Button small onClick={props.onUnlock} aria-label={`Mở khóa ${u.fullName}`}>
          Mở khóa
        </Button>
      )}
      <Button small variant="ghost" onClick={() => props.onConfirm('reset')} aria-label={`Đặt lại mật khẩu ${u.fullName}`}>
        Đặt lại mật khẩu
      </Button>
      {u.status === 'active' ? (
        !props.self && (
          <Button small variant="danger" onClick={() => props.onConfirm('disable')} aria-label={`Vô hiệu hóa ${u.fullName}`}>
            Vô hiệu hóa
          </Button>
        )
      ) : (
        <Button small onClick={props.onEnable} aria-label={`Mở lại ${u.fullName}`}>
          {u.status === 'suspended' ? 'Gia hạn' : 'Mở lại'}
        </Button>
      )}
      {!props.self && (
        <Button small variant="danger" onClick={() => props.onConfirm('revoke')} aria-label={`Thu hồi ${u.fullName}`}>
          Thu hồi
        </Button>
      )}
    </>
  );
}

function unitOptions(units: UnitDto[]) {
  const byParent = new Map<number | null, UnitDto[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const out: Array<{ value: string; label: string }> = [{ value: '', label: '— Không thuộc đơn vị nào —' }];
  const walk = (parent: number | null, depth: number) => {
    for (const u of byParent.get(parent) ?? []) {
      if (u.active) out.push({ value: String(u.id), label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${u.name}` });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function UserDialog(props: {
  user: UserDto | null;
  units: UnitDto[];
  /** Carrying out this account request: the form is prefilled from it and the request is marked done on saving. */
  fromRequest?: AccountRequestDto;
  onClose: () => void;
  onSaved: (u: UserDto, temporaryPassword: string | null) => void;
}) {
  const u = props.user;
  const req = props.fromRequest;
  const d = req?.details;
  const [f, setF] = useState<Form>(
    u
      ? {
          ...EMPTY,
          fullName: u.fullName,
          username: u.username,
          position: u.position ?? '',
          email: u.email ?? '',
          phone: u.phone ?? '',
          unitId: u.unitId ? String(u.unitId) : '',
          headsUnit: u.headsUnit,
          roles: u.roles,
          leftOn: u.leftOn ?? '',
          // A change request brings what it asks for.
          ...(d?.roles?.length ? { roles: d.roles } : {}),
          ...(d?.unitId != null ? { unitId: String(d.unitId) } : {}),
          ...(d?.position ? { position: d.position } : {}),
          ...(d?.email ? { email: d.email } : {}),
          ...(d?.phone ? { phone: d.phone } : {}),
        }
      : {
          ...EMPTY,
          ...(req
            ? {
                fullName: req.subjectName,
                position: d?.position ?? '',
                email: d?.email ?? '',
                phone: d?.phone ?? '',
                unitId: d?.unitId != null ? String(d.unitId) : '',
                roles: d?.roles?.length ? d.roles : EMPTY.roles,
              }
            : {}),
        },
  );
  const [usernameTouched, setUsernameTouched] = useState(false);
  const { busy, error, run } = useAction();
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setF((x) => ({ ...x, [k]: v }));

  // Suggest the account name from the full name while the admin has not typed one (QN 6.2).
  useEffect(() => {
    if (u || usernameTouched || !f.fullName.trim()) return;
    const t = setTimeout(() => {
      call('users.suggestUsername', { fullName: f.fullName }).then(
        (r) => setF((x) => ({ ...x, username: r.username })),
        () => {},
      );
    }, 250);
    return () => clearTimeout(t);
  }, [f.fullName, u, usernameTouched]);

  const submit = () => {
    const common = {
      fullName: f.fullName,
      position: f.position || null,
      email: f.email || null,
      phone: f.phone || null,
      unitId: f.unitId ? Number(f.unitId) : null,
      headsUnit: !!f.unitId && f.headsUnit,
      roles: f.roles,
    };
    const requestId = req?.id;
    void run(async () => {
      if (u) {
        props.onSaved(await call('users.update', { id: u.id, ...common, leftOn: f.leftOn || null, requestId }), null);
      } else {
        const r = await call('users.create', { ...common, username: f.username || undefined, password: f.autoPassword ? undefined : f.password, requestId });
        props.onSaved(r.user, r.temporaryPassword);
      }
    });
  };

  const fe = (p: string) => fieldError(error, p);
  return (
    <FormDialog
      title={req ? `${u ? `Sửa tài khoản ${u.username}` : 'Cấp tài khoản'} theo đề nghị số ${req.id}` : u ? `Sửa tài khoản ${u.username}` : 'Thêm tài khoản'}
      onClose={props.onClose}
      wide
      formId="user-form"
      onSubmit={submit}
      autoComplete="off"
      busy={busy}
      action={u ? 'Lưu' : 'Tạo tài khoản'}
    >
      <ErrorBanner error={error} shownFields={['fullName', 'username', 'email', 'roles', 'password', 'unitId', 'leftOn']} />
      {req && (
        <p className="muted">
          Đề nghị của {req.requestedBy} ngày {fmtDate(req.requestedOn)}
          {d?.reason ? ` — ${d.reason}` : ''}. Khi lưu, đề nghị được ghi nhận là đã thực hiện.
        </p>
      )}
      <div className="grid-2">
        <TextField label="Họ và tên" required value={f.fullName} onChange={set('fullName')} error={fe('fullName')} />
        <TextField
          label="Tên đăng nhập"
          required
          value={f.username}
          disabled={!!u}
          onChange={(v) => {
            setUsernameTouched(true);
            set('username')(v);
          }}
          error={fe('username')}
          hint={u ? 'Không đổi được tên đăng nhập.' : 'Gợi ý theo họ tên không dấu; người trùng tên thêm số 2, 3 …'}
        />
        <TextField label="Chức vụ" value={f.position} onChange={set('position')} />
        <SelectField label="Đơn vị" value={f.unitId} onChange={set('unitId')} options={unitOptions(props.units)} error={fe('unitId')} />
        <div className="field">
          <span className="label">Trong đơn vị</span>
          <Checkbox
            label="Trưởng hoặc phó đơn vị (xem văn bản giao cho đơn vị và người trong đơn vị)"
            checked={f.headsUnit && !!f.unitId}
            disabled={!f.unitId}
            onChange={set('headsUnit')}
          />
        </div>
        <TextField label="Thư điện tử" type="email" value={f.email} onChange={set('email')} error={fe('email')} />
        <TextField label="Điện thoại" value={f.phone} onChange={set('phone')} />
        <div className="field span-2">
          <span className="label">
            Vai trò<span className="req">*</span>
          </span>
          <div className="checks">
            {ROLES.map((r) => (
              <Checkbox key={r} label={ROLE_LABELS[r]} checked={f.roles.includes(r)} onChange={(on) => set('roles')(on ? [...f.roles, r] : f.roles.filter((x) => x !== r))} />
            ))}
          </div>
          {fe('roles') && <span className="error">{fe('roles')}</span>}
        </div>
        {u && (
          <DateField
            label="Ngày nghỉ việc"
            value={f.leftOn}
            onChange={set('leftOn')}
            error={fe('leftOn')}
            hint="Nghỉ hưu, thôi việc, chuyển công tác: quản trị được nhắc vào ngày này; tài khoản tự thu hồi sau 5 ngày."
          />
        )}
        {!u && (
          <div className="field span-2">
            <span className="label">Mật khẩu ban đầu</span>
            <Checkbox label="Tự tạo mật khẩu tạm thời ngẫu nhiên (khuyến nghị)" checked={f.autoPassword} onChange={set('autoPassword')} />
            {!f.autoPassword && (
              <TextField label="Mật khẩu tạm thời" type="password" autoComplete="new-password" value={f.password} onChange={set('password')} error={fe('password')} />
            )}
            <span className="hint">Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.</span>
          </div>
        )}
      </div>
    </FormDialog>
  );
}

export function ConfirmDialog(props: {
  user: UserDto;
  action: 'disable' | 'reset' | 'revoke';
  /** A revocation carried out from this account request (marked done with it). */
  requestId?: number;
  initialReason?: string;
  onClose: () => void;
  onDone: (u: UserDto, temporaryPassword: string | null) => void;
}) {
  const [reason, setReason] = useState(props.initialReason ?? '');
  const { busy, error, run } = useAction();
  const { user, action } = props;
  const go = () =>
    run(async () => {
      if (action === 'disable') props.onDone(await call('users.disable', { id: user.id, reason: reason || null }), null);
      else if (action === 'revoke') props.onDone(await call('users.revoke', { id: user.id, reason, requestId: props.requestId }), null);
      else {
        const r = await call('users.resetPassword', { id: user.id });
        props.onDone(r.user, r.temporaryPassword);
      }
    });
  return (
    <ActionDialog
      title={{ disable: 'Vô hiệu hóa tài khoản', reset: 'Đặt lại mật khẩu', revoke: 'Thu hồi tài khoản' }[action]}
      onClose={props.onClose}
      action={{ disable: 'Vô hiệu hóa', reset: 'Đặt lại mật khẩu', revoke: 'Thu hồi vĩnh viễn' }[action]}
      danger={action !== 'reset'}
      busy={busy}
      onAction={go}
    >
      <ErrorBanner error={error} shownFields={action === 'revoke' ? ['reason'] : undefined} />
      {action === 'revoke' ? (
        <>
          <div className="banner error" role="alert">
            <span>
              Thu hồi là <strong>vĩnh viễn</strong>: tài khoản <strong>{user.fullName}</strong> ({user.username}) không đăng nhập được nữa, mọi phiên đang mở bị đăng xuất và{' '}
              <strong>không thể mở lại</strong>. Muốn dùng lại cần đề nghị cấp tài khoản mới. Tên đăng nhập vẫn được giữ, không cấp cho người khác.
            </span>
          </div>
          <TextField
            label="Lý do thu hồi"
            required
            value={reason}
            onChange={setReason}
            placeholder="Ví dụ: nghỉ hưu, chuyển công tác"
            error={fieldError(error, 'reason')}
            autoFocus
          />
        </>
      ) : action === 'disable' ? (
        <>
          <p>
            Tài khoản <strong>{user.fullName}</strong> ({user.username}) sẽ không đăng nhập được nữa và mọi phiên đang mở bị đăng xuất. Có thể mở lại sau.
          </p>
          <TextField label="Lý do" value={reason} onChange={setReason} placeholder="Ví dụ: chuyển công tác, nghỉ việc" />
        </>
      ) : (
        <p>
          Hệ thống sẽ tạo mật khẩu tạm thời mới cho <strong>{user.fullName}</strong> ({user.username}). Mọi phiên đang mở của người này bị đăng xuất; họ phải đổi mật khẩu khi đăng
          nhập.
        </p>
      )}
    </ActionDialog>
  );
}
