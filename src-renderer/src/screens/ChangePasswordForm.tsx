// Change-password form: forced after first login, after an admin reset or on expiry; also reachable from the user
// menu. The core logs out every other session and returns a fresh token for this one.

import { useState } from 'react';
import type { SecurityPolicyDto } from '../../../src-shared/api/accounts';
import { call } from '../api';
import { Button, TextField } from '../ui/Controls';
import { ErrorBanner, fieldError } from '../ui/Feedback';
import { useAction } from '../ui/useAction';
import { PasswordChecklist } from './PasswordChecklist';

export function ChangePasswordForm(props: { policy: SecurityPolicyDto; username: string; onDone: (token: string) => void; onCancel?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [confirmError, setConfirmError] = useState<string>();
  const { busy, error, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setConfirmError(undefined);
    if (next !== confirm) return setConfirmError('Mật khẩu nhập lại không khớp.');
    await run(async () => {
      const r = await call('auth.changePassword', { currentPassword: current, newPassword: next });
      props.onDone(r.token);
    });
  }

  return (
    <form className="stack" onSubmit={submit} autoComplete="off" noValidate>
      <ErrorBanner error={error} shownFields={['currentPassword', 'newPassword']} />
      <TextField
        label="Mật khẩu hiện tại"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        error={fieldError(error, 'currentPassword')}
        autoFocus
      />
      <TextField label="Mật khẩu mới" type="password" autoComplete="new-password" value={next} onChange={setNext} error={fieldError(error, 'newPassword')} />
      <PasswordChecklist password={next} policy={props.policy} username={props.username} />
      <TextField label="Nhập lại mật khẩu mới" type="password" autoComplete="new-password" value={confirm} onChange={setConfirm} error={confirmError} />
      <div className="row">
        <span className="spacer" />
        {props.onCancel && <Button onClick={props.onCancel}>Hủy</Button>}
        <Button type="submit" variant="primary" busy={busy} disabled={!current || !next || !confirm}>
          Đổi mật khẩu
        </Button>
      </div>
    </form>
  );
}
