// Offices registered at the hub and their credentials: issue (once), reset, disable, list, authenticate. The hub keeps
// only SHA-256 of a secret and the anchor MAC key derived from it (protocol.ts); the secret is returned once, never stored.
import crypto from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { AGENCY_CODE_RE } from '../src-shared/edxml/types';
import { type HubDb, now, pgCode } from './db';
import { HubError } from './errors';
import { offices } from './schema';

export interface OfficeRow {
  id: number;
  code: string;
  name: string;
  disabled: boolean;
  feedSeq: number;
  purgedSeq: number;
  ackedSeq: number;
  anchorKey: string;
}

export interface IssuedCredential {
  code: string;
  name: string;
  secret: string;
  /** What goes after `Bearer ` in the Authorization header. */
  credential: string;
}

const sha256hex = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
export const secretHash = (secret: string) => sha256hex(secret);
export const anchorKeyOf = (secret: string) => sha256hex(`vanthu-anchor:${secret}`);
const newSecret = () => crypto.randomBytes(32).toString('base64url');

export function checkCode(code: string): string {
  const c = code.trim();
  if (c.length > 35 || !AGENCY_CODE_RE.test(c)) throw new HubError('invalid_input', `Mã định danh "${code}" không hợp lệ (chữ in hoa, số và dấu chấm, tối đa 35 ký tự).`);
  return c;
}

export async function addOffice(db: HubDb, code: string, name: string): Promise<IssuedCredential> {
  const c = checkCode(code);
  const n = name.normalize('NFC').trim();
  if (!n) throw new HubError('invalid_input', 'Thiếu tên cơ quan.');
  const secret = newSecret();
  try {
    await db.insert(offices).values({ code: c, name: n, secretHash: secretHash(secret), anchorKey: anchorKeyOf(secret), createdAt: now() });
  } catch (e) {
    if (pgCode(e) === '23505') throw new HubError('conflict', `Cơ quan ${c} đã được đăng ký.`);
    throw e;
  }
  return { code: c, name: n, secret, credential: `${c}:${secret}` };
}

export async function resetSecret(db: HubDb, code: string): Promise<IssuedCredential> {
  const secret = newSecret();
  const r = await db
    .update(offices)
    .set({ secretHash: secretHash(secret), anchorKey: anchorKeyOf(secret) })
    .where(eq(offices.code, code))
    .returning({ code: offices.code, name: offices.name });
  if (!r.length) throw new HubError('not_found', `Không có cơ quan ${code}.`);
  return { code: r[0].code, name: r[0].name, secret, credential: `${r[0].code}:${secret}` };
}

export async function setDisabled(db: HubDb, code: string, disabled: boolean): Promise<void> {
  const r = await db.update(offices).set({ disabled }).where(eq(offices.code, code)).returning({ id: offices.id });
  if (!r.length) throw new HubError('not_found', `Không có cơ quan ${code}.`);
}

export async function listOffices(db: HubDb) {
  return db
    .select({ code: offices.code, name: offices.name, disabled: offices.disabled, head: offices.feedSeq, acked: offices.ackedSeq, createdAt: offices.createdAt })
    .from(offices)
    .orderBy(asc(offices.code));
}

// Asked on every request: prepared once per database handle (a named statement on each PostgreSQL connection).
const byCodeStatements = new WeakMap<HubDb, ReturnType<typeof prepareByCode>>();
function prepareByCode(db: HubDb) {
  return db
    .select({
      id: offices.id,
      code: offices.code,
      name: offices.name,
      disabled: offices.disabled,
      feedSeq: offices.feedSeq,
      purgedSeq: offices.purgedSeq,
      ackedSeq: offices.ackedSeq,
      anchorKey: offices.anchorKey,
      secretHash: offices.secretHash,
    })
    .from(offices)
    .where(eq(offices.code, sql.placeholder('code')))
    .prepare('hub_office_by_code');
}

export async function officeByCode(db: HubDb, code: string): Promise<OfficeRow | null> {
  let st = byCodeStatements.get(db);
  if (!st) byCodeStatements.set(db, (st = prepareByCode(db)));
  const r = await st.execute({ code });
  return r[0] ?? null;
}

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; comparing digests keeps the time independent of where they differ.
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/** The office behind `Authorization: Bearer <code>:<secret>`, or 401. Compares SHA-256 digests in constant time. */
export async function authenticate(db: HubDb, header: string | undefined): Promise<OfficeRow> {
  const m = /^Bearer ([^:\s]+):(\S+)$/.exec(header ?? '');
  if (!m) throw new HubError('unauthenticated', 'Thiếu thông tin xác thực (Authorization: Bearer <mã cơ quan>:<khóa bí mật>).');
  const [, code, secret] = m;
  const row = code === 'admin' ? null : await officeByCode(db, code);
  // Hash even when the office is unknown, so an unknown code costs the same time as a wrong secret.
  const given = secretHash(secret);
  const ok = safeEqual(given, row ? (row as OfficeRow & { secretHash: string }).secretHash : sha256hex('unknown-office'));
  if (!row || !ok) throw new HubError('unauthenticated', 'Mã cơ quan hoặc khóa bí mật không đúng.');
  if (row.disabled) throw new HubError('unauthenticated', `Cơ quan ${code} đã bị khóa trên trục tỉnh.`);
  const { secretHash: _omit, ...office } = row as OfficeRow & { secretHash: string };
  return office;
}

/** Checks `Authorization: Bearer admin:<token>` against the configured admin token, in constant time. */
export function authenticateAdmin(adminToken: string | null, header: string | undefined): void {
  const m = /^Bearer admin:(\S+)$/.exec(header ?? '');
  if (!adminToken) throw new HubError('forbidden', 'Trục tỉnh chưa cấu hình khóa quản trị (HUB_ADMIN_TOKEN).');
  if (!m || !safeEqual(sha256hex(m[1]), sha256hex(adminToken))) throw new HubError('unauthenticated', 'Khóa quản trị không đúng.');
}
