// Quản trị › Cấu hình cơ quan: organisation, office hours, password and session policy, LAN access, upload limit;
// below the form, the scanning settings (their own card and save button).

import { useEffect, useState } from 'react';
import type { SettingsDto } from '../../../src-shared/api/accounts';
import { call } from '../api';
import { useSession } from '../session';
import { Button, Checkbox, TextAreaField, TextField } from '../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../ui/Feedback';
import { useAction } from '../ui/useAction';
import { WorkingHoursEditor } from './WorkingHoursEditor';
import { ScanSettingsCard } from './incoming/ScanSettingsCard';

/** The message of the first invalid host name (fields are reported as allowedHosts.0, allowedHosts.1 …). */
function firstHostError(error: unknown): string | undefined {
  for (let i = 0; i < 50; i++) {
    const m = fieldError(error, `allowedHosts.${i}`);
    if (m) return `Dòng ${i + 1}: ${m}`;
  }
  return undefined;
}

export function SettingsScreen() {
  const toast = useToast();
  const { refresh } = useSession();
  const [s, setS] = useState<SettingsDto | null>(null);
  // The LAN host names as typed (one per line); read back from what the core kept after saving.
  const [hostsText, setHostsText] = useState('');
  const { busy, error, setError, run } = useAction();
  useEffect(() => void call('settings.get', {}).then(setS, setError), [setError]);
  useEffect(() => setHostsText(s?.allowedHosts.join('\n') ?? ''), [s?.allowedHosts]);
  if (!s) return <ErrorBanner error={error} />;

  const org = s.org;
  const setOrg = (k: keyof typeof org) => (v: string) => setS({ ...s, org: { ...org, [k]: v } });
  const setSec = (k: keyof typeof s.security) => (v: string) => setS({ ...s, security: { ...s.security, [k]: Number(v) } });
  const fe = (p: string) => fieldError(error, p);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!s) return;
    await run(async () => {
      const n = (v: string | null) => (v && v.trim() ? v : null);
      setS(
        await call('settings.update', {
          org: { ...s.org, parentName: n(s.org.parentName), address: n(s.org.address), place: n(s.org.place), phone: n(s.org.phone), email: n(s.org.email) },
          workingHours: s.workingHours,
          security: { ...s.security, requireLower: true, requireUpper: true, requireDigit: true, requireSpecial: true },
          lanAccess: s.lanAccess,
          allowedHosts: hostsText
            .split(/[\s,;]+/)
            .map((h) => h.trim())
            .filter(Boolean),
          uploadLimitMb: s.uploadLimitMb,
        }),
      );
      await refresh();
      toast('ok', 'Đã lưu cấu hình.');
    });
  }

  const num = (label: string, k: keyof typeof s.security, hint?: string) => (
    <TextField label={label} type="number" value={String(s.security[k])} onChange={setSec(k)} error={fe(`security.${k}`)} hint={hint} />
  );

  return (
    <div className="stack">
      <form className="stack" onSubmit={save} noValidate aria-labelledby="settings-title">
        <div className="page-head">
          <h1 id="settings-title">Cấu hình cơ quan</h1>
          <span className="spacer" />
          <Button variant="primary" type="submit" busy={busy}>
            Lưu cấu hình
          </Button>
        </div>
        <ErrorBanner error={error} shownFields={['org.name', 'org.abbr', 'org.code', 'org.email']} />
        <fieldset className="card">
          <legend>Cơ quan</legend>
          <div className="grid-3">
            <TextField fieldClass="span-2" label="Tên cơ quan" required value={org.name} onChange={setOrg('name')} error={fe('org.name')} />
            <TextField label="Tên viết tắt" required value={org.abbr} onChange={setOrg('abbr')} error={fe('org.abbr')} />
            <TextField label="Mã định danh điện tử" required value={org.code} onChange={setOrg('code')} error={fe('org.code')} />
            <TextField label="Cơ quan chủ quản" value={org.parentName ?? ''} onChange={setOrg('parentName')} />
            <TextField label="Địa danh" value={org.place ?? ''} onChange={setOrg('place')} />
            <TextField fieldClass="span-2" label="Địa chỉ" value={org.address ?? ''} onChange={setOrg('address')} />
            <TextField label="Điện thoại" value={org.phone ?? ''} onChange={setOrg('phone')} />
            <TextField label="Thư điện tử" value={org.email ?? ''} onChange={setOrg('email')} error={fe('org.email')} />
          </div>
        </fieldset>
        <fieldset className="card">
          <legend>Giờ làm việc</legend>
          <WorkingHoursEditor value={s.workingHours} onChange={(w) => setS({ ...s, workingHours: w })} error={fe('workingHours.periods') ?? fe('workingHours.weekdays')} />
        </fieldset>
        <fieldset className="card">
          <legend>Mật khẩu và phiên đăng nhập</legend>
          <div className="grid-3">
            {num('Độ dài tối thiểu của mật khẩu', 'minLength', 'Tối thiểu 8 ký tự, gồm chữ thường, chữ hoa, chữ số, ký tự đặc biệt.')}
            {num('Đổi mật khẩu sau (ngày)', 'expiryDays', 'Tối đa 90 ngày (QN 16).')}
            {num('Không dùng lại mật khẩu gần nhất', 'historyCount')}
            {num('Số lần đăng nhập sai trước khi tạm khóa', 'maxFailedLogins')}
            {num('Thời gian tạm khóa (phút)', 'lockoutMinutes')}
            {num('Tự đăng xuất khi không thao tác (phút)', 'sessionIdleMinutes')}
            {num('Phiên đăng nhập dài nhất (giờ)', 'sessionMaxHours', 'Quá thời gian này phải đăng nhập lại dù vẫn đang làm việc (1–72 giờ).')}
            {num('Tạm ngừng tài khoản không dùng sau (ngày)', 'inactiveSuspendDays', 'Tối đa 183 ngày (6 tháng, QN 8.4).')}
          </div>
        </fieldset>
        <fieldset className="card">
          <legend>Hệ thống</legend>
          <div className="grid-3">
            <TextField
              label="Dung lượng tệp đính kèm tối đa (MB)"
              type="number"
              value={String(s.uploadLimitMb)}
              onChange={(v) => setS({ ...s, uploadLimitMb: Number(v) })}
              error={fe('uploadLimitMb')}
            />
            <div className="field span-2">
              <span className="label">Truy cập trong mạng nội bộ</span>
              <Checkbox label="Cho phép máy khác trong mạng LAN mở VănThư bằng trình duyệt" checked={s.lanAccess} onChange={(v) => setS({ ...s, lanAccess: v })} />
              <span className="hint">Có hiệu lực từ lần khởi động sau. Mặc định chỉ máy này truy cập được (127.0.0.1).</span>
            </div>
            {s.lanAccess && (
              <TextAreaField
                fieldClass="span-3"
                label="Tên máy, địa chỉ được dùng để truy cập (mỗi dòng một tên)"
                value={hostsText}
                onChange={setHostsText}
                rows={3}
                error={fieldError(error, 'allowedHosts') ?? firstHostError(error)}
                hint="Ví dụ vanthu.ubnd.local hoặc 192.168.1.20, không kèm cổng. Tên và địa chỉ của chính máy này luôn được chấp nhận; yêu cầu ghi tên máy khác bị từ chối."
              />
            )}
          </div>
        </fieldset>
      </form>
      <ScanSettingsCard />
    </div>
  );
}
