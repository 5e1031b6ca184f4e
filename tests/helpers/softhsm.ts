// Test helper: a private SoftHSM2 (own SOFTHSM2_CONF and token folder) filled with keys and certificates through
// softhsm2-util and pkcs11-tool, plus a minimal openssl test CA with Vietnamese names. Tests only; never shipped.
// The fuller test PKI lives in tests/helpers/pki.ts; this one stays small so the token tests do not depend on it.

import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmObject {
  /** CKA_ID as hex (e.g. '01'). */
  id: string;
  label: string;
  /** The private key (any PEM node:crypto reads); omit to store a certificate alone (a CA certificate, say). */
  keyPem?: string;
  certDer: Uint8Array;
}

export interface SoftHsmTokenSpec {
  label: string;
  soPin: string;
  pin: string;
  objects: SoftHsmObject[];
}

export interface SoftHsm {
  confPath: string;
  modulePath: string;
  tokenDir: string;
  /** The folder SoftHSM made for each token (by label), so a test can "pull the token out" by moving it. */
  tokenDirs: Record<string, string>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Creates the tokens under `dir`. The caller sets process.env.SOFTHSM2_CONF = confPath before loading the module. */
export function createSoftHsm(dir: string, tokens: SoftHsmTokenSpec[]): SoftHsm {
  const tokenDir = join(dir, 'tokens');
  mkdirSync(tokenDir, { recursive: true });
  const confPath = join(dir, 'softhsm2.conf');
  writeFileSync(confPath, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { ...process.env, SOFTHSM2_CONF: confPath };
  const tokenDirs: Record<string, string> = {};
  for (const t of tokens) {
    const before = new Set(readdirSync(tokenDir));
    run('softhsm2-util', ['--init-token', '--free', '--label', t.label, '--so-pin', t.soPin, '--pin', t.pin], env);
    const made = readdirSync(tokenDir).filter((d) => !before.has(d));
    if (made.length === 1) tokenDirs[t.label] = join(tokenDir, made[0]);
    for (const o of t.objects) {
      const keyFile = join(dir, `key-${t.label}-${o.id}.pem`);
      const certFile = join(dir, `cert-${t.label}-${o.id}.der`);
      writeFileSync(certFile, o.certDer);
      if (o.keyPem) {
        writeFileSync(keyFile, createPrivateKey(o.keyPem).export({ type: 'pkcs8', format: 'pem' }));
        run('softhsm2-util', ['--import', keyFile, '--token', t.label, '--label', o.label, '--id', o.id, '--pin', t.pin], env);
      }
      run(
        'pkcs11-tool',
        ['--module', SOFTHSM_MODULE, '--token-label', t.label, '--login', '--pin', t.pin, '--write-object', certFile, '--type', 'cert', '--id', o.id, '--label', o.label],
        env,
      );
    }
  }
  return { confPath, modulePath: SOFTHSM_MODULE, tokenDir, tokenDirs };
}

export interface TestCert {
  keyPem: string;
  certPem: string;
  certDer: Uint8Array;
}

export interface TestCa extends TestCert {
  dir: string;
  keyFile: string;
  certFile: string;
}

/** A self-signed RSA test CA ("CN=… Test CA, O=Ban Cơ yếu Chính phủ (thử nghiệm)") made with openssl. */
export function makeTestCa(dir: string, cn = 'VănThư Test CA – Cơ quan chứng thực thử nghiệm'): TestCa {
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, 'ca.key.pem');
  const certFile = join(dir, 'ca.cert.pem');
  execFileSync('openssl', ['genrsa', '-out', keyFile, '2048'], { stdio: 'ignore' });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-utf8',
      '-key',
      keyFile,
      '-sha256',
      '-days',
      '3650',
      '-out',
      certFile,
      '-subj',
      `/C=VN/O=Ban Cơ yếu Chính phủ (thử nghiệm)/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    { stdio: 'ignore' },
  );
  const certPem = readFileSync(certFile, 'utf8');
  return { dir, keyFile, certFile, keyPem: readFileSync(keyFile, 'utf8'), certPem, certDer: new X509Certificate(certPem).raw };
}

let leafSeq = 0;

/** A leaf certificate signed by `ca`; keyUsage defaults to digitalSignature + nonRepudiation. Subject parts are UTF-8. */
export function makeLeafCert(ca: TestCa, opts: { cn: string; o?: string; l?: string; keyUsage?: string; days?: number }): TestCert {
  const n = ++leafSeq;
  const keyFile = join(ca.dir, `leaf${n}.key.pem`);
  const csrFile = join(ca.dir, `leaf${n}.csr`);
  const extFile = join(ca.dir, `leaf${n}.ext`);
  const certFile = join(ca.dir, `leaf${n}.cert.pem`);
  execFileSync('openssl', ['genrsa', '-out', keyFile, '2048'], { stdio: 'ignore' });
  const subj = `/C=VN${opts.l ? `/L=${opts.l}` : ''}${opts.o ? `/O=${opts.o}` : ''}/CN=${opts.cn}`;
  execFileSync('openssl', ['req', '-new', '-utf8', '-key', keyFile, '-out', csrFile, '-subj', subj], { stdio: 'ignore' });
  writeFileSync(
    extFile,
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,${opts.keyUsage ?? 'digitalSignature,nonRepudiation'}\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`,
  );
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-sha256',
      '-days',
      String(opts.days ?? 365),
      '-extfile',
      extFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const certPem = readFileSync(certFile, 'utf8');
  return { keyPem: readFileSync(keyFile, 'utf8'), certPem, certDer: new X509Certificate(certPem).raw };
}
