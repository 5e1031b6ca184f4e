// The PKCS#11 token driver: lists tokens (by label + serial, never slot index), logs in with the PIN and signs a SHA-256
// digest with CKM_RSA_PKCS over DigestInfo, off the event loop. Maps CKR_* to AppError with Vietnamese messages.
// The PIN is only passed to C_Login: never logged, stored or kept; logs carry token labels and CKR names only.

import pkcs11js from 'pkcs11js';
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../env';
import { assertCanSign, buildChain, certificateInfoOf } from './signer-cert';
import type { Pkcs11Module } from './pkcs11-modules';
import type { CertificateInfo, HashSigner, SignerDriver, TokenInfo } from './types';

type Handle = Buffer;

/** DER prefix of DigestInfo { sha256, NULL } followed by a 32-byte OCTET STRING (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface Pkcs11Signer extends HashSigner, SignerDriver {
  readonly kind: 'pkcs11';
  readonly tokenId: string;
  readonly certificateInfo: CertificateInfo;
  /** Logs out and closes the session; idempotent. */
  close(): void;
}

export interface Pkcs11Provider {
  listTokens(): TokenInfo[];
  /** Finds the token again (serial + label), logs in and returns a signer for the certificate. Rejects with AppError. */
  openSigner(opts: { tokenId: string; certFingerprint: string; pin: string }): Promise<Pkcs11Signer>;
  /** Closes open signers and finalizes the modules this provider loaded (when no other provider uses them). */
  close(): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

const CKR_NAMES = new Map<number, string>();
for (const [k, v] of Object.entries(pkcs11js)) if (k.startsWith('CKR_') && typeof v === 'number' && !CKR_NAMES.has(v)) CKR_NAMES.set(v, k);

const ABSENT = new Set(['CKR_TOKEN_NOT_PRESENT', 'CKR_DEVICE_REMOVED', 'CKR_SESSION_HANDLE_INVALID', 'CKR_SLOT_ID_INVALID', 'CKR_TOKEN_NOT_RECOGNIZED', 'CKR_SESSION_CLOSED']);

/** The CKR_* name of a pkcs11js error, or null when it is not a Cryptoki error. */
export function ckrName(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const m = /CKR_[A-Z0-9_]+/.exec(e.message);
  if (m) return m[0];
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' && CKR_NAMES.has(code) ? CKR_NAMES.get(code)! : null;
}

export interface PinFlags {
  countLow: boolean;
  finalTry: boolean;
  locked: boolean;
}

/** CKR_* (and the token's PIN flags read after a failed login) → AppError. Exported for the unit test of the mapping. */
export function mapPkcs11Error(e: unknown, ctx: { operation: string; pinFlags?: PinFlags } = { operation: 'pkcs11' }): AppError {
  if (e instanceof AppError) return e;
  const ckr = ckrName(e);
  const details: Record<string, unknown> = { operation: ctx.operation, ckr: ckr ?? undefined };
  if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_INVALID' || ckr === 'CKR_PIN_LEN_RANGE') {
    const f = ctx.pinFlags ?? { countLow: false, finalTry: false, locked: false };
    if (f.locked) return new AppError('pin_locked', undefined, { details: { ...details, locked: true } });
    let message = 'Mã PIN không đúng.';
    if (f.finalTry) message += ' Đây là lần thử cuối: nhập sai lần nữa token sẽ bị khóa.';
    else if (f.countLow) message += ' Token sắp bị khóa: chỉ còn ít lần thử.';
    return new AppError('pin_incorrect', message, { details: { ...details, countLow: f.countLow, finalTry: f.finalTry } });
  }
  if (ckr === 'CKR_PIN_LOCKED' || ckr === 'CKR_PIN_EXPIRED') return new AppError('pin_locked', undefined, { details });
  if (ckr && ABSENT.has(ckr)) return new AppError('token_absent', undefined, { details });
  const message = e instanceof Error ? e.message : String(e);
  return new AppError('token_error', undefined, { details: ckr ? details : { ...details, native: message } });
}

// ---------------------------------------------------------------------------------------------------------------
// One pkcs11js instance per module path per process (a second C_Initialize of the same library is refused anyway).

interface LoadedModule {
  lib: pkcs11js.PKCS11;
  users: number;
}

const loaded = new Map<string, LoadedModule>();

function acquireModule(path: string, logger: Logger): pkcs11js.PKCS11 {
  const have = loaded.get(path);
  if (have) {
    have.users++;
    return have.lib;
  }
  const lib = new pkcs11js.PKCS11();
  lib.load(path);
  try {
    lib.C_Initialize();
  } catch (e) {
    if (ckrName(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw e;
    logger.info('pkcs11.already_initialized', { module: path });
  }
  loaded.set(path, { lib, users: 1 });
  return lib;
}

function releaseModule(path: string, logger: Logger): void {
  const have = loaded.get(path);
  if (!have) return;
  if (--have.users > 0) return;
  loaded.delete(path);
  try {
    have.lib.C_Finalize();
  } catch (e) {
    logger.warn('pkcs11.finalize_failed', { module: path, ckr: ckrName(e) });
  }
  try {
    have.lib.close();
  } catch {
    // unloading is best effort: some middlewares cannot be unloaded
  }
}

// ---------------------------------------------------------------------------------------------------------------

const trimmed = (s: string) => s.replace(/[\s\0]+$/, '');

function pinFlagsOf(flags: number): PinFlags {
  return {
    countLow: (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & pkcs11js.CKF_USER_PIN_LOCKED) !== 0,
  };
}

function findObjects(lib: pkcs11js.PKCS11, session: Handle, template: pkcs11js.Template): Handle[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const out: Handle[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 64);
      out.push(...batch);
      if (batch.length < 64) return out;
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function attr(lib: pkcs11js.PKCS11, session: Handle, obj: Handle, type: number): Buffer | null {
  try {
    const [a] = lib.C_GetAttributeValue(session, obj, [{ type }]);
    return Buffer.isBuffer(a.value) ? a.value : null;
  } catch {
    return null;
  }
}

interface TokenCert {
  der: Uint8Array;
  keyId: string;
  info: CertificateInfo;
}

/** X.509 certificate objects visible in the session (public objects without login). Unreadable ones are skipped. */
function readCertificates(lib: pkcs11js.PKCS11, session: Handle, logger: Logger): TokenCert[] {
  const out: TokenCert[] = [];
  for (const h of findObjects(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
  ])) {
    const value = attr(lib, session, h, pkcs11js.CKA_VALUE);
    if (!value?.length) continue;
    try {
      const der = new Uint8Array(value);
      out.push({ der, keyId: (attr(lib, session, h, pkcs11js.CKA_ID) ?? Buffer.alloc(0)).toString('hex'), info: certificateInfoOf(der) });
    } catch (e) {
      logger.warn('pkcs11.certificate_unreadable', { error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

interface SlotRef {
  lib: pkcs11js.PKCS11;
  module: Pkcs11Module;
  slot: Handle;
  info: pkcs11js.TokenInfo;
}

export function createPkcs11Provider(opts: { modules: Pkcs11Module[]; logger: Logger }): Pkcs11Provider {
  const { logger } = opts;
  const libs = new Map<string, pkcs11js.PKCS11>(); // module id → library
  const failed = new Set<string>();
  const labels = new Map<string, string>(); // token id → label seen by the last listTokens
  const openSigners = new Map<string, Pkcs11Signer>(); // token id → the signer logged in on it
  let closed = false;

  function libFor(m: Pkcs11Module): pkcs11js.PKCS11 | null {
    const have = libs.get(m.id);
    if (have) return have;
    if (failed.has(m.id)) return null;
    try {
      const lib = acquireModule(m.path, logger);
      libs.set(m.id, lib);
      return lib;
    } catch (e) {
      failed.add(m.id);
      logger.warn('pkcs11.module_load_failed', { module: m.path, ckr: ckrName(e), error: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }

  /** Slots with a readable token. A slot whose token info fails (SoftHSM after its folder vanished) is skipped. */
  function slotsOf(m: Pkcs11Module): SlotRef[] {
    const lib = libFor(m);
    if (!lib) return [];
    let slots: Handle[];
    try {
      slots = lib.C_GetSlotList(true);
    } catch (e) {
      logger.warn('pkcs11.slot_list_failed', { module: m.id, ckr: ckrName(e) });
      return [];
    }
    const out: SlotRef[] = [];
    for (const slot of slots) {
      try {
        const info = lib.C_GetTokenInfo(slot);
        if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) continue;
        out.push({ lib, module: m, slot, info });
      } catch (e) {
        logger.warn('pkcs11.token_info_failed', { module: m.id, ckr: ckrName(e) });
      }
    }
    return out;
  }

  const tokenIdOf = (s: SlotRef) => `${s.module.id}:${trimmed(s.info.serialNumber)}`;

  function findSlot(tokenId: string): SlotRef | null {
    const moduleId = tokenId.slice(0, tokenId.indexOf(':'));
    const m = opts.modules.find((x) => x.id === moduleId);
    if (!m) return null;
    const label = labels.get(tokenId);
    return slotsOf(m).find((s) => tokenIdOf(s) === tokenId && (label === undefined || trimmed(s.info.label) === label)) ?? null;
  }

  function listTokens(): TokenInfo[] {
    if (closed) return [];
    const out: TokenInfo[] = [];
    for (const m of opts.modules) {
      for (const s of slotsOf(m)) {
        const id = tokenIdOf(s);
        let certs: TokenCert[];
        let session: Handle | null = null;
        try {
          session = s.lib.C_OpenSession(s.slot, pkcs11js.CKF_SERIAL_SESSION);
          const all = readCertificates(s.lib, session, logger);
          // Keys visible without login (public keys, sometimes private keys) say which certificates have a key pair.
          // When the token hides every key until login, offer the non-CA certificates that carry a CKA_ID.
          const keyIds = new Set(
            [pkcs11js.CKO_PRIVATE_KEY, pkcs11js.CKO_PUBLIC_KEY].flatMap((cls) =>
              findObjects(s.lib, session!, [{ type: pkcs11js.CKA_CLASS, value: cls }]).map((h) => (attr(s.lib, session!, h, pkcs11js.CKA_ID) ?? Buffer.alloc(0)).toString('hex')),
            ),
          );
          certs = all
            .filter((c) => c.keyId !== '' && (keyIds.size > 0 ? keyIds.has(c.keyId) : !c.info.isCA))
            // Tokens return objects in no fixed order (SoftHSM: file names): sort so the list is stable.
            .sort((x, y) => x.keyId.localeCompare(y.keyId) || x.info.fingerprint.localeCompare(y.info.fingerprint));
        } catch (e) {
          logger.warn('pkcs11.token_read_failed', { module: m.id, token: trimmed(s.info.label), ckr: ckrName(e) });
          continue;
        } finally {
          if (session) {
            try {
              s.lib.C_CloseSession(session);
            } catch {
              // the token may have gone meanwhile
            }
          }
        }
        const label = trimmed(s.info.label);
        labels.set(id, label);
        const flags = pinFlagsOf(s.info.flags);
        out.push({
          id,
          moduleId: m.id,
          modulePath: m.path,
          moduleName: m.name,
          label,
          serial: trimmed(s.info.serialNumber),
          manufacturer: trimmed(s.info.manufacturerID),
          model: trimmed(s.info.model),
          pinCountLow: flags.countLow,
          pinFinalTry: flags.finalTry,
          pinLocked: flags.locked,
          certificates: certs.map((c) => ({ ...c.info, keyId: c.keyId, der: c.der })),
        });
      }
    }
    return out;
  }

  async function openSigner(req: { tokenId: string; certFingerprint: string; pin: string }): Promise<Pkcs11Signer> {
    if (closed) throw new AppError('token_error', 'Trình điều khiển token đã đóng.');
    const { tokenId } = req;
    if (openSigners.has(tokenId)) {
      // Login state is shared by every session of the process on one token: a second login would skip the PIN check.
      throw new AppError('token_error', 'Token đang được dùng cho một lượt ký khác; hãy hoàn tất hoặc hủy lượt ký đó rồi thử lại.', { details: { reason: 'busy' } });
    }
    const s = findSlot(tokenId);
    if (!s) throw new AppError('token_absent', undefined, { details: { tokenId } });
    const { lib } = s;
    const label = trimmed(s.info.label);
    let session: Handle;
    try {
      session = lib.C_OpenSession(s.slot, pkcs11js.CKF_SERIAL_SESSION);
    } catch (e) {
      throw mapPkcs11Error(e, { operation: 'open_session' });
    }
    let loggedIn = false;
    const abandon = () => {
      if (loggedIn) {
        try {
          lib.C_Logout(session);
        } catch {
          // closing the session below ends the login anyway
        }
      }
      try {
        lib.C_CloseSession(session);
      } catch {
        // the token may be gone
      }
    };
    try {
      // The certificate is public: check it before asking the token for the PIN, so no PIN try is spent on a dead cert.
      let certs = readCertificates(lib, session, logger);
      let cert = certs.find((c) => c.info.fingerprint === req.certFingerprint.toLowerCase());
      if (cert) assertCanSign(cert.info);
      try {
        lib.C_Login(session, pkcs11js.CKU_USER, req.pin);
      } catch (e) {
        const ckr = ckrName(e);
        if (ckr === 'CKR_USER_ALREADY_LOGGED_IN') {
          // Someone else in this process logged in: log out and prove the PIN again.
          lib.C_Logout(session);
          try {
            lib.C_Login(session, pkcs11js.CKU_USER, req.pin);
          } catch (e2) {
            throw loginError(e2);
          }
        } else {
          throw loginError(e);
        }
      }
      loggedIn = true;
      if (!cert) {
        // Some tokens keep their certificates private: look again after login.
        certs = readCertificates(lib, session, logger);
        cert = certs.find((c) => c.info.fingerprint === req.certFingerprint.toLowerCase());
        if (!cert) throw new AppError('certificate_unusable', 'Không tìm thấy chứng thư số đã chọn trên token.', { details: { reason: 'not_found' } });
        assertCanSign(cert.info);
      }
      const keys = findObjects(lib, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(cert.keyId, 'hex') },
      ]);
      if (keys.length === 0 || cert.keyId === '') {
        throw new AppError('certificate_unusable', 'Token không có khóa bí mật đi kèm chứng thư số đã chọn.', { details: { reason: 'no_private_key' } });
      }
      const key = keys[0];
      const keyType = attr(lib, session, key, pkcs11js.CKA_KEY_TYPE);
      if (keyType && keyType.length >= 1 && keyType.readUIntLE(0, Math.min(keyType.length, 6)) !== pkcs11js.CKK_RSA) {
        throw new AppError('certificate_unusable', 'Khóa trên token không phải khóa RSA; chưa hỗ trợ ký bằng loại khóa này.', { details: { reason: 'key_algorithm' } });
      }
      const signer = makeSigner(
        s,
        session,
        key,
        cert,
        buildChain(
          cert.der,
          certs.map((c) => c.der),
        ),
      );
      openSigners.set(tokenId, signer);
      logger.info('pkcs11.signer_opened', { token: label, module: s.module.id, cert: cert.info.fingerprint });
      return signer;
    } catch (e) {
      abandon();
      const err = mapPkcs11Error(e, { operation: 'open_signer' });
      logger.warn('pkcs11.open_signer_failed', { token: label, code: err.code, ckr: err.details?.ckr });
      throw err;
    }

    function loginError(e: unknown): AppError {
      let pinFlags: PinFlags | undefined;
      try {
        pinFlags = pinFlagsOf(lib.C_GetTokenInfo(s!.slot).flags);
      } catch {
        // flags unreadable: the message just says the PIN is wrong
      }
      return mapPkcs11Error(e, { operation: 'login', pinFlags });
    }
  }

  function makeSigner(s: SlotRef, session: Handle, key: Handle, cert: TokenCert, chain: Uint8Array[]): Pkcs11Signer {
    const tokenId = tokenIdOf(s);
    const label = trimmed(s.info.label);
    const { lib } = s;
    const sigLen = Math.ceil(cert.info.keyBits / 8) || 512;
    let open = true;
    let queue: Promise<unknown> = Promise.resolve();

    async function signOnce(digest: Uint8Array): Promise<Uint8Array> {
      if (!open) throw new AppError('token_error', 'Phiên làm việc với token đã đóng; hãy mở lại và nhập mã PIN.', { details: { reason: 'closed' } });
      const data = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, Buffer.from(digest)]);
      try {
        lib.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
        // The callback variant runs C_Sign on a libuv worker: a slow token never blocks the event loop.
        const sig = await lib.C_SignAsync(session, data, Buffer.alloc(sigLen));
        return new Uint8Array(sig);
      } catch (e) {
        let err = mapPkcs11Error(e, { operation: 'sign' });
        // A vanished token often surfaces as a stale handle or a general error: ask whether it is still there.
        if (err.code === 'token_error' && !findSlot(tokenId)) err = new AppError('token_absent', undefined, { details: { ...err.details } });
        logger.warn('pkcs11.sign_failed', { token: label, code: err.code, ckr: err.details?.ckr });
        throw err;
      }
    }

    const signer: Pkcs11Signer = {
      kind: 'pkcs11',
      tokenId,
      certificate: cert.der,
      certificateInfo: cert.info,
      chain,
      signDigest(digest: Uint8Array): Promise<Uint8Array> {
        if (!(digest instanceof Uint8Array) || digest.length !== 32) {
          return Promise.reject(new AppError('invalid_input', 'Giá trị băm phải là SHA-256 (32 byte).'));
        }
        // One operation at a time per session (PKCS#11 rule): chain the calls.
        const next = queue.then(
          () => signOnce(digest),
          () => signOnce(digest),
        );
        queue = next.catch(() => undefined);
        return next;
      },
      close(): void {
        if (!open) return;
        open = false;
        if (openSigners.get(tokenId) === signer) openSigners.delete(tokenId);
        try {
          lib.C_Logout(session);
        } catch {
          // already logged out, or the token is gone
        }
        try {
          lib.C_CloseSession(session);
        } catch {
          // same
        }
        logger.info('pkcs11.signer_closed', { token: label });
      },
    };
    return signer;
  }

  function close(): void {
    if (closed) return;
    for (const sg of [...openSigners.values()]) sg.close();
    closed = true;
    for (const m of opts.modules) if (libs.has(m.id)) releaseModule(m.path, logger);
    libs.clear();
  }

  return { listTokens, openSigner, close };
}
