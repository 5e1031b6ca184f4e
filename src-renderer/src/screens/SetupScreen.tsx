// First run: creates the organisation and the administrator account. Shown only while the core reports the office
// is not yet set up; the core refuses a second setup whatever this screen does.

import { useState } from 'react';
import type { WorkingHoursDto } from '../../../src-shared/api/accounts';
import { DEFAULT_SECURITY, DEFAULT_WORKING_HOURS } from '../../../src-shared/defaults';
import { accountBaseName } from '../../../src-shared/vn/text';
import { call } from '../api';
import { Button, TextField } from '../ui/Controls';
import { ErrorBanner, fieldError } from '../ui/Feedback';
import { useAction } from '../ui/useAction';
import { PasswordChecklist } from './PasswordChecklist';
import { WorkingHoursEditor } from './WorkingHoursEditor';

export function SetupScreen({ onDone }: { onDone: (username: string, orgName: string) => void }) {
  const [org, setOrg] = useState({ name: '', abbr: 'UBND', code: '', parentName: '', address: '', place: '' });
  const [hours, setHours] = useState<WorkingHoursDto>(DEFAULT_WORKING_HOURS);
  const [admin, setAdmin] = useState({ fullName: '', username: '', password: '', confirm: '' });
  const [usernameTouched, setUsernameTouched] = useState(false);
  const { busy, error, run } = useAction();
  const [confirmError, setConfirmError] = useState<string>();

  const setO = (k: keyof typeof org) => (v: string) => setOrg({ ...org, [k]: v });
  const username = usernameTouched ? admin.username : accountBaseName(admin.fullName);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setConfirmError(undefined);
    if (admin.password !== admin.confirm) {
      setConfirmError('Mật khẩu nhập lại không khớp.');
      return;
    }
    await run(async () => {
      const r = await call('setup.init', {
        org: { ...org, phone: null, email: null },
        workingHours: hours,
        admin: { fullName: admin.fullName, username: username || undefined, password: admin.password },
      });
      onDone(r.admin.username, r.org.name);
    });
  }

  const fe = (path: string) => fieldError(error, path);
  const shown = ['org.name', 'org.abbr', 'org.code', 'org.place', 'admin.fullName', 'admin.username', 'admin.password', 'workingHours.periods'];

  return (
    <div className="center-page">
      <div className="card center-card wide">
        <div className="card-body">
          <div className="center-title">
            <div className="logo" aria-hidden>
              V
            </div>
            <h1>Thiết lập VănThư lần đầu</h1>
            <p>Khai báo cơ quan và tài khoản quản trị. Các thông tin này có thể sửa sau trong mục Quản trị.</p>
          </div>
          <form className="stack" onSubmit={submit} noValidate>
            <ErrorBanner error={error} shownFields={shown} />
            <fieldset>
              <legend>Cơ quan</legend>
              <div className="grid-2">
                <TextField
                  fieldClass="span-2"
                  label="Tên cơ quan"
                  required
                  value={org.name}
                  onChange={setO('name')}
                  error={fe('org.name')}
                  placeholder="Ủy ban nhân dân xã …"
                  autoFocus
                />
                <TextField label="Cơ quan chủ quản" value={org.parentName} onChange={setO('parentName')} placeholder="Ủy ban nhân dân huyện …" />
                <TextField label="Tên viết tắt" required value={org.abbr} onChange={setO('abbr')} error={fe('org.abbr')} hint="Dùng trong ký hiệu văn bản, ví dụ 12/QĐ-UBND" />
                <TextField
                  label="Mã định danh điện tử"
                  required
                  value={org.code}
                  onChange={setO('code')}
                  error={fe('org.code')}
                  hint="Theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.12.H35"
                  autoComplete="off"
                />
                <TextField label="Địa danh" value={org.place} onChange={setO('place')} error={fe('org.place')} hint="Dùng ở dòng ngày tháng: “Đồng Hóa, ngày …”" />
                <TextField fieldClass="span-2" label="Địa chỉ" value={org.address} onChange={setO('address')} />
              </div>
            </fieldset>
            <fieldset>
              <legend>Giờ làm việc</legend>
              <WorkingHoursEditor value={hours} onChange={setHours} error={fe('workingHours.periods')} />
            </fieldset>
            <fieldset>
              <legend>Tài khoản quản trị</legend>
              <div className="grid-2">
                <TextField label="Họ và tên" required value={admin.fullName} onChange={(v) => setAdmin({ ...admin, fullName: v })} error={fe('admin.fullName')} />
                <TextField
                  label="Tên đăng nhập"
                  required
                  value={username}
                  onChange={(v) => {
                    setUsernameTouched(true);
                    setAdmin({ ...admin, username: v });
                  }}
                  error={fe('admin.username')}
                  hint="Tự gợi ý theo họ tên không dấu (QN 6.2)"
                  autoComplete="off"
                />
                <TextField
                  label="Mật khẩu khởi tạo"
                  required
                  type="password"
                  autoComplete="new-password"
                  value={admin.password}
                  onChange={(v) => setAdmin({ ...admin, password: v })}
                  error={fe('admin.password')}
                />
                <TextField
                  label="Nhập lại mật khẩu"
                  required
                  type="password"
                  autoComplete="new-password"
                  value={admin.confirm}
                  onChange={(v) => setAdmin({ ...admin, confirm: v })}
                  error={confirmError}
                />
                <div className="span-2">
                  <PasswordChecklist password={admin.password} policy={DEFAULT_SECURITY} username={username} />
                  <p className="muted">Người quản trị sẽ phải đổi mật khẩu này ở lần đăng nhập đầu tiên.</p>
                </div>
              </div>
            </fieldset>
            <div className="row">
              <span className="spacer" />
              <Button type="submit" variant="primary" busy={busy}>
                Hoàn tất thiết lập
              </Button>
            </div>
          </form>
        </div>
      </div>
    </div>
  );
}
