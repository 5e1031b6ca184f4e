// Login. The password field opts out of browser saving (QN 16: passwords are not stored by the browser).

import { useState } from 'react';
import type { LoginResult } from '../../../src-shared/api/accounts';
import { call } from '../api';
import { Button, TextField } from '../ui/Controls';
import { ErrorBanner } from '../ui/Feedback';

export function LoginScreen(props: { orgName: string | null; initialUsername?: string; notice?: string | null; onLogin: (r: LoginResult) => void }) {
  const [username, setUsername] = useState(props.initialUsername ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onLogin(await call('auth.login', { username, password }));
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="center-page">
      <div className="card center-card">
        <div className="card-body">
          <div className="center-title">
            <div className="logo" aria-hidden>
              V
            </div>
            <h1>VănThư</h1>
            <p>{props.orgName ?? 'Phần mềm văn thư'}</p>
          </div>
          <form className="stack" onSubmit={submit} autoComplete="off" noValidate>
            {props.notice && !error && <div className="banner info">{props.notice}</div>}
            <ErrorBanner error={error} />
            <TextField label="Tên đăng nhập" value={username} onChange={setUsername} autoFocus={!props.initialUsername} autoComplete="off" autoCapitalize="none" spellCheck={false} />
            <TextField label="Mật khẩu" type="password" value={password} onChange={setPassword} autoFocus={!!props.initialUsername} autoComplete="new-password" />
            <Button type="submit" variant="primary" busy={busy} disabled={!username || !password}>
              Đăng nhập
            </Button>
          </form>
        </div>
      </div>
    </div>
  );
}
