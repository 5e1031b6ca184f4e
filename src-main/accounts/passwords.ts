// Password hashing (scrypt, cost set per Env; default N = 2^15 ≈ 90 ms on the office PCs measured), verification in
// constant time, the password policy (QN 16) and generation of temporary passwords. Never logs a password.

import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { SecurityPolicyDto } from '../../src-shared/api/accounts';
export { policyViolations } from '../../src-shared/password-policy';

export const DEFAULT_SCRYPT_COST = 1 << 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, n: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: n, r: R, p: P, maxmem: 256 * n * R };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (base64). The parameters travel with the hash so the cost can change later. */
export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const n = Number(parts[1]);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scrypt(password, salt, n);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Spends exactly one verification's work (one scrypt at `cost`) when the user does not exist, so an unknown name
 * answers in the time a real one does — the first time too: the stand-in hash is random bytes, not computed.
 */
export function dummyVerify(password: string, cost: number): Promise<boolean> {
  const fake = ['scrypt', cost, R, P, randomBytes(16).toString('base64'), randomBytes(KEY_LEN).toString('base64')].join('$');
  return verifyPassword(password, fake);
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '@#%+=!?*';

/** A random temporary password meeting the policy; no look-alike characters (l/1, O/0) to ease dictation. */
export function generatePassword(policy: SecurityPolicyDto): string {
  const length = Math.max(12, policy.minLength);
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  const chars = [LOWER, UPPER, DIGITS, SPECIAL].map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
