// A Vietnamese-named test PKI made with the real openssl (root → issuing CA → leaves, TSA, CRL; CRL DP and OCSP AIA
// URLs under crlBaseUrl when given), for the signing tests.
// Built once per test process and directory options (cached); every file lives under the caller's temp dir.
import { execFile } from 'node:child_process';
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HashSigner } from '../../src-main/signing/types';

const run = promisify(execFile);

export interface TestCert {
  name: string;
  subject: string;
  certPath: string;
  keyPath: string;
  certDer: Uint8Array;
  certPem: string;
  keyPem: string;
  p12Path: string;
}

export interface TestPki {
  dir: string;
  p12Password: string;
  crlBaseUrl: string | null;
  root: TestCert;
  ca: TestCert;
  leaves: {
    anh: TestCert; // personal, RSA 2048
    rsa3072: TestCert;
    rsa4096: TestCert;
    org: TestCert; // organisation certificate
    revoked: TestCert;
    expired: TestCert;
    noSign: TestCert; // keyEncipherment only
    tsa: TestCert;
  };
  /** PEM of the issuing CA then the root. */
  chainPemPath: string;
  /** PEM of root + CA (openssl -CAfile). */
  caFilePath: string;
  crlPath: string;
  crlDer: Uint8Array;
  tsaConfigPath: string;
}

export const SUBJECTS = {
  root: '/C=VN/O=Ban Cơ yếu thử nghiệm/CN=Gốc thử nghiệm Chuyên dùng Chính phủ',
  ca: '/C=VN/O=Ban Cơ yếu thử nghiệm/CN=CA thử nghiệm phục vụ cơ quan Nhà nước',
  anh: '/C=VN/L=Đắk Lắk/O=UBND xã Đông Hòa/CN=Nguyễn Văn Ánh',
  rsa3072: '/C=VN/L=Đắk Lắk/O=UBND xã Đông Hòa/CN=Trần Thị Bích Ngọc',
  rsa4096: '/C=VN/L=Đắk Lắk/O=UBND xã Đông Hòa/CN=Lê Đức Thịnh',
  org: '/C=VN/O=UBND xã Đông Hòa/CN=UBND xã Đông Hòa',
  revoked: '/C=VN/O=UBND xã Đông Hòa/CN=Phạm Thu Hà',
  expired: '/C=VN/O=UBND xã Đông Hòa/CN=Võ Minh Tuấn',
  noSign: '/C=VN/O=UBND xã Đông Hòa/CN=Đặng Quốc Việt',
  tsa: '/C=VN/O=Ban Cơ yếu thử nghiệm/CN=Máy chủ dấu thời gian thử nghiệm',
} as const;

const cache = new Map<string, Promise<TestPki>>();

/** Create (or reuse within this process) the test PKI under `dir`. */
export function createTestPki(dir: string, opts: { crlBaseUrl?: string } = {}): Promise<TestPki> {
  const key = `${dir}\0${opts.crlBaseUrl ?? ''}`;
  let p = cache.get(key);
  if (!p) {
    p = build(dir, opts.crlBaseUrl ?? null);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function openssl(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('openssl', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 24 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${err.stderr ?? err.message}`, { cause: e });
  }
}

function extensions(crlBaseUrl: string | null): string {
  const crl = crlBaseUrl ? `crlDistributionPoints = URI:${crlBaseUrl}/ca.crl\nauthorityInfoAccess = OCSP;URI:${crlBaseUrl}/ocsp\n` : '';
  return `
[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.3.6.1.4.1.311.10.3.12
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
${crl}
[ v3_nosign ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
${crl}
[ v3_tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
${crl}`;
}

// RSA key generation (4096 bits above all) dominates the cost, so keys, and only keys, are kept between runs in the
// system temp dir; certificates, CRL and DB are fresh every time.
const KEY_CACHE = join(tmpdir(), 'vanthu-test-rsa-keys-v1');

async function rsaKey(dir: string, name: string, bits: number): Promise<void> {
  const cached = join(KEY_CACHE, `${name}-${bits}.key`);
  if (!existsSync(cached)) {
    mkdirSync(KEY_CACHE, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', tmp], dir);
    renameSync(tmp, cached);
  }
  copyFileSync(cached, join(dir, `${name}.key`));
}

async function build(dir: string, crlBaseUrl: string | null): Promise<TestPki> {
  mkdirSync(join(dir, 'db', 'newcerts'), { recursive: true });
  writeFileSync(join(dir, 'db', 'index.txt'), '');
  writeFileSync(join(dir, 'db', 'serial'), '1A2B3C01\n');
  writeFileSync(join(dir, 'db', 'crlnumber'), '01\n');
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const cnf = join(dir, 'ca.cnf');
  writeFileSync(
    cnf,
    `[ req ]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[ dn ]

[ ca ]
default_ca = CA_default

[ CA_default ]
dir = ${join(dir, 'db')}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = ${join(dir, 'ca.pem')}
private_key = ${join(dir, 'ca.key')}
default_md = sha256
default_days = 730
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = none
utf8 = yes
string_mask = utf8only
preserve = yes

[ policy_any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
${extensions(crlBaseUrl)}
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = ${dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/chain.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha1, sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`,
  );

  const bits: Record<string, number> = { root: 3072, ca: 2048, anh: 2048, rsa3072: 3072, rsa4096: 4096, org: 2048, revoked: 2048, expired: 2048, noSign: 2048, tsa: 2048 };
  await Promise.all(Object.entries(bits).map(([n, b]) => rsaKey(dir, n, b)));

  await openssl(
    [
      'req',
      '-new',
      '-x509',
      '-config',
      cnf,
      '-utf8',
      '-key',
      'root.key',
      '-subj',
      SUBJECTS.root,
      '-days',
      '3650',
      '-sha256',
      '-extensions',
      'v3_root',
      '-set_serial',
      '0x01',
      '-out',
      'root.pem',
    ],
    dir,
  );
  await openssl(['req', '-new', '-config', cnf, '-utf8', '-key', 'ca.key', '-subj', SUBJECTS.ca, '-out', 'ca.csr'], dir);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'ca.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-set_serial',
      '0x0200',
      '-days',
      '3000',
      '-sha256',
      '-extfile',
      cnf,
      '-extensions',
      'v3_ca',
      '-out',
      'ca.pem',
    ],
    dir,
  );

  const leaves = ['anh', 'rsa3072', 'rsa4096', 'org', 'revoked', 'expired', 'noSign', 'tsa'] as const;
  await Promise.all(leaves.map((n) => openssl(['req', '-new', '-config', cnf, '-utf8', '-key', `${n}.key`, '-subj', SUBJECTS[n], '-out', `${n}.csr`], dir)));
  for (const n of leaves) {
    const ext = n === 'noSign' ? 'v3_nosign' : n === 'tsa' ? 'v3_tsa' : 'v3_leaf';
    const dates = n === 'expired' ? ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z'] : [];
    await openssl(['ca', '-batch', '-config', cnf, '-utf8', '-preserveDN', '-notext', '-extensions', ext, ...dates, '-in', `${n}.csr`, '-out', `${n}.pem`], dir);
  }
  await openssl(['ca', '-batch', '-config', cnf, '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise'], dir);
  await openssl(['ca', '-batch', '-config', cnf, '-gencrl', '-out', 'ca.crl.pem'], dir);
  await openssl(['crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl'], dir);

  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  writeFileSync(join(dir, 'chain.pem'), read('ca.pem') + read('root.pem'));
  writeFileSync(join(dir, 'cafile.pem'), read('root.pem') + read('ca.pem'));

  const password = 'matkhau-thu-nghiem';
  await Promise.all(
    leaves.map((n) =>
      openssl(['pkcs12', '-export', '-in', `${n}.pem`, '-inkey', `${n}.key`, '-certfile', 'chain.pem', '-passout', `pass:${password}`, '-name', n, '-out', `${n}.p12`], dir),
    ),
  );

  const cert = (n: string, subject: string): TestCert => {
    const certPem = read(`${n}.pem`);
    const b64 = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(certPem)?.[1] ?? '';
    return {
      name: n,
      subject,
      certPath: join(dir, `${n}.pem`),
      keyPath: join(dir, `${n}.key`),
      certDer: new Uint8Array(Buffer.from(b64.replace(/\s+/g, ''), 'base64')),
      certPem,
      keyPem: read(`${n}.key`),
      p12Path: join(dir, `${n}.p12`),
    };
  };
  const leafObj = Object.fromEntries(leaves.map((n) => [n, cert(n, SUBJECTS[n])])) as TestPki['leaves'];
  return {
    dir,
    p12Password: password,
    crlBaseUrl,
    root: cert('root', SUBJECTS.root),
    ca: cert('ca', SUBJECTS.ca),
    leaves: leafObj,
    chainPemPath: join(dir, 'chain.pem'),
    caFilePath: join(dir, 'cafile.pem'),
    crlPath: join(dir, 'ca.crl'),
    crlDer: new Uint8Array(readFileSync(join(dir, 'ca.crl'))),
    tsaConfigPath: cnf,
  };
}

/** A HashSigner over a test key with node:crypto: RSA PKCS#1 v1.5 (privateEncrypt) over DigestInfo(SHA-256, digest),
 *  as a token's CKM_RSA_PKCS would do. */
export function testSigner(pki: TestPki, leaf: TestCert, opts: { withRoot?: boolean } = {}): HashSigner {
  const key = createPrivateKey(leaf.keyPem);
  return {
    certificate: leaf.certDer,
    chain: opts.withRoot ? [pki.ca.certDer, pki.root.certDer] : [pki.ca.certDer],
    signDigest: async (digest) => {
      const info = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest]);
      return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, info));
    },
  };
}

/** Issue a new CRL now (same revocations) and return its DER; the PKI's ca.crl file is replaced. */
export async function regenerateCrl(pki: TestPki): Promise<Uint8Array> {
  await openssl(['ca', '-batch', '-config', pki.tsaConfigPath, '-gencrl', '-out', 'ca.crl.pem'], pki.dir);
  await openssl(['crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl'], pki.dir);
  return new Uint8Array(readFileSync(pki.crlPath));
}
