// Login. The password field opts out of browser saving (QN 16: passwords are not stored by the browser).

import { useState } from 'react';
import type { LoginResult } from '../../../src-shared/api/accounts';
import { call } from '../api';
import { Button, TextField } from '../ui/Controls';
import { ErrorBanner } from '../ui/Feedback';
import { useAction } from '../ui/useAction';

export function LoginScreen(props: { orgName: string | null; initialUsername?: string; notice?: string | null; onLogin: (r: LoginResult) => void }) {
  const [username, setUsername] = useState(props.initialUsername ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const done = await run(async () => {
      props.onLogin(await call('auth.login', { username, password }));
      return true;
    });
    if (!done) setPassword('');
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
            <TextField
              label="Tên đăng nhập"
              value={username}
              onChange={setUsername}
              autoFocus={!props.initialUsername}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
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
