// Live checklist of the password policy beside a new-password field (same rules the core enforces).

import type { SecurityPolicyDto } from '../../../src-shared/api/accounts';
import { passwordChecks } from '../../../src-shared/password-policy';

export function PasswordChecklist({ password, policy, username }: { password: string; policy: SecurityPolicyDto; username?: string }) {
  return (
    <ul className="policy" aria-label="Yêu cầu mật khẩu">
      {passwordChecks(password, policy, { username }).map((c) => (
        <li key={c.label} className={c.ok ? 'ok' : ''}>
          {c.label}
        </li>
      ))}
    </ul>
  );
}
