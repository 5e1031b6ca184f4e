// The password rules of QN 16 / KB 10.1b as a pure function, shared by the core (which enforces them) and the
// renderer (which shows them live while a person types).

import type { SecurityPolicyDto } from './api/accounts';
import { fold } from './vn/text';

/** The rules a password breaks, in Vietnamese; empty when it satisfies the policy. */
export function policyViolations(password: string, policy: SecurityPolicyDto, person: { username?: string | null } = {}): string[] {
  return passwordChecks(password, policy, person)
    .filter((c) => !c.ok)
    .map((c) => c.message);
}

export interface PasswordCheck {
  ok: boolean;
  label: string;
  message: string;
}

/** Every rule with whether it is met: the checklist shown beside a new-password field. */
export function passwordChecks(password: string, policy: SecurityPolicyDto, person: { username?: string | null } = {}): PasswordCheck[] {
  const checks: PasswordCheck[] = [
    { ok: [...password].length >= policy.minLength, label: `Ít nhất ${policy.minLength} ký tự`, message: `Mật khẩu phải có ít nhất ${policy.minLength} ký tự.` },
  ];
  if (policy.requireLower) checks.push({ ok: /\p{Ll}/u.test(password), label: 'Có chữ thường', message: 'Mật khẩu phải có chữ thường.' });
  if (policy.requireUpper) checks.push({ ok: /\p{Lu}/u.test(password), label: 'Có chữ hoa', message: 'Mật khẩu phải có chữ hoa.' });
  if (policy.requireDigit) checks.push({ ok: /\p{Nd}/u.test(password), label: 'Có chữ số', message: 'Mật khẩu phải có chữ số.' });
  if (policy.requireSpecial) {
    checks.push({ ok: /[^\p{L}\p{Nd}\s]/u.test(password), label: 'Có ký tự đặc biệt (@ # ! % …)', message: 'Mật khẩu phải có ký tự đặc biệt (ví dụ @ # ! %).' });
  }
  checks.push({ ok: password.length > 0 && !/\s/u.test(password), label: 'Không có khoảng trắng', message: 'Mật khẩu không được chứa khoảng trắng.' });
  const uname = person.username?.toLowerCase();
  if (uname && uname.length >= 3) {
    checks.push({ ok: !fold(password).includes(uname), label: 'Không chứa tên đăng nhập', message: 'Mật khẩu không được chứa tên đăng nhập.' });
  }
  return checks;
}
