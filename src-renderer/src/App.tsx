// Decides what the person sees: first-run setup, login, the forced password change, or the application.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LoginResult, MeDto } from '../../src-shared/api/accounts';
import { call, onSessionLost, setSignedIn, subscribeEvents } from './api';
import { ChangePasswordForm } from './screens/ChangePasswordForm';
import { LoginScreen } from './screens/LoginScreen';
import { SetupScreen } from './screens/SetupScreen';
import { Shell } from './screens/Shell';
import { SessionCtx, type SessionValue } from './session';
import { Button } from './ui/Controls';
import { BusyBar, ErrorBanner, ToastProvider } from './ui/Feedback';

type Stage = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'setup' } | { kind: 'login'; username?: string; notice?: string } | { kind: 'app'; me: MeDto };

export function App() {
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });
  const [orgName, setOrgName] = useState<string | null>(null);

  // The session itself is out of the page's reach (HttpOnly cookie, or the desktop app's main process): whether
  // there is one is learnt by asking. `fresh` is the first look at start-up, where no session is not news.
  const loadMe = useCallback(async (notice?: string, fresh = false) => {
    try {
      setStage({ kind: 'app', me: await call('auth.me', {}) });
    } catch {
      setStage({ kind: 'login', notice: notice ?? (fresh ? undefined : 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.') });
    }
  }, []);

  useEffect(() => {
    call('setup.status', {}).then(
      (s) => {
        setOrgName(s.orgName);
        document.title = s.orgName ? `VănThư — ${s.orgName}` : 'VănThư';
        if (!s.initialized) setStage({ kind: 'setup' });
        else void loadMe(undefined, true);
      },
      (error) => setStage({ kind: 'error', error }),
    );
  }, [loadMe]);

  useEffect(() => onSessionLost(() => setStage({ kind: 'login', notice: 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.' })), []);

  const loggedIn = stage.kind === 'app';
  useEffect(() => {
    if (!loggedIn) return;
    // An ended session (password changed elsewhere, account disabled) shows up as a failed auth.me.
    return subscribeEvents((name) => {
      // Checked a moment later: this very client may be the one that changed the password and is about to
      // receive its new token.
      if (name === 'session.ended') setTimeout(() => void call('auth.me', {}).catch(() => {}), 1500);
    });
  }, [loggedIn]);

  const onLogin = (_r: LoginResult) => {
    void loadMe();
  };

  const session = useMemo<SessionValue | null>(() => {
    if (stage.kind !== 'app') return null;
    const perms = new Set(stage.me.permissions);
    return {
      me: stage.me,
      can: (p) => perms.has(p),
      refresh: () => loadMe(),
      async logout() {
        await call('auth.logout', {}).catch(() => {});
        setSignedIn(false);
        setStage({ kind: 'login', username: stage.me.user.username, notice: 'Bạn đã đăng xuất.' });
      },
    };
  }, [stage, loadMe]);

  let content;
  switch (stage.kind) {
    case 'loading':
      content = <div className="center-page" aria-busy="true" />;
      break;
    case 'error':
      content = (
        <div className="center-page">
          <div className="card center-card">
            <div className="card-body">
              <ErrorBanner error={stage.error} />
            </div>
          </div>
        </div>
      );
      break;
    case 'setup':
      content = (
        <SetupScreen
          onDone={(username, name) => {
            setOrgName(name);
            setStage({ kind: 'login', username, notice: 'Đã thiết lập xong. Hãy đăng nhập bằng tài khoản quản trị vừa tạo.' });
          }}
        />
      );
      break;
    case 'login':
      content = <LoginScreen orgName={orgName} initialUsername={stage.username} notice={stage.notice} onLogin={onLogin} />;
      break;
    case 'app':
      content = stage.me.mustChangePassword ? (
        <div className="center-page">
          <div className="card center-card">
            <div className="card-body">
              <div className="center-title">
                <h1>Đổi mật khẩu</h1>
                <p>
                  {stage.me.user.lastLoginAt && stage.me.user.passwordChangedAt < Date.now() - stage.me.policy.expiryDays * 86_400_000
                    ? `Mật khẩu đã quá ${stage.me.policy.expiryDays} ngày. `
                    : ''}
                  Bạn cần đặt mật khẩu mới trước khi làm việc, {stage.me.user.fullName}.
                </p>
              </div>
              <ChangePasswordForm policy={stage.me.policy} username={stage.me.user.username} onDone={() => void loadMe()} />
              <div className="row">
                <span className="spacer" />
                <Button variant="ghost" small onClick={() => void session?.logout()}>
                  Đăng xuất
                </Button>
              </div>
            </div>
          </div>
        </div>
      ) : (
        <SessionCtx.Provider value={session}>
          <Shell onTokenChanged={() => void loadMe()} />
        </SessionCtx.Provider>
      );
      break;
  }

  return (
    // Keyed by who is signed in: one person's notices never appear on the next person's screen.
    <ToastProvider key={stage.kind === 'app' ? `u${stage.me.user.id}` : 'signed-out'}>
      <BusyBar />
      {content}
    </ToastProvider>
  );
}
