// The whole signing cycle through dispatch, with the real parts: a SoftHSM2 token per person (the leader's personal
// certificate, the office's organisation certificate) from a Vietnamese-named test CA, a local RFC 3161 TSA that
// also serves the CA's CRL, and poppler's pdfsig (NSS database trusting the test root) as the independent verifier.
// Leader signs the approved draft → clerk issues: number and date written in, organisation seal signature → both
// signatures valid in pdfsig and in our report; PIN errors cost nothing; offline TSA → timestamp added later.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf, MethodName } from '../../src-shared/api';
import { openPdf } from '../../src-main/pdf/file';
import { signatureWidgets } from '../../src-main/pdf/widgets';
import { isDict, isName, isString, decodeTextString } from '../../src-main/pdf/objects';
import { makeCore, testClock, type TestCore } from '../helpers/core';
import { approvedDraft, outgoingOffice, type OutOffice } from '../helpers/outgoing';
import { officialLetter, officialLetterLibreOffice, sealPng, signaturePng } from '../helpers/signing-docs';
import { LEADER_PIN, ORG_PIN, pdfsig as pdfsigOf, signingKit, type SigningKit } from '../helpers/signing-kit';

let kit: SigningKit;
let dir: string;
let pki: SigningKit['pki'];
let tsa: SigningKit['tsa'];
let t: TestCore;
let o: OutOffice;

/** pdfsig trusting the test root, without its OCSP lookups (see tests/helpers/signing-kit.ts). */
const pdfsig = (file: string) => pdfsigOf(kit, file);

async function put(name: string, bytes: Uint8Array, token: string): Promise<string> {
  return (await t.ok('blobs.put', { fileName: name, bytes }, token)).hash;
}

async function tokenCert(token: string, label: string) {
  const list = await t.ok('tokens.list', {}, token);
  const tok = list.tokens.find((x) => x.label === label);
  expect(tok, `token ${label}`).toBeTruthy();
  const cert = tok!.certificates.find((c) => !c.isCA);
  return { tokenId: tok!.id, certFingerprint: cert!.fingerprint, cert: cert! };
}

async function draftWith(main: Uint8Array, subject: string) {
  const hash = await put('cong-van.pdf', main, o.staff.token);
  return approvedDraft(t, o, { subject, signerUserId: o.leader.id, files: [{ hash, fileName: 'Công văn báo cáo hộ nghèo.pdf', draftRole: 'main' }] });
}

async function code<M extends MethodName>(method: M, input: InputOf<M>, token: string): Promise<string> {
  const r = await t.call(method, input, token);
  return r.ok ? 'ok' : r.error.code;
}

function saveTo(name: string, bytes: Uint8Array): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
}

beforeAll(async () => {
  kit = await signingKit();
  ({ dir, pki, tsa } = kit);
  process.env.SOFTHSM2_CONF = kit.hsm.confPath;
  // The certificates are valid from today: the office's clock is the real one.
  t = makeCore({ clock: testClock(Date.now()) });
  o = await outgoingOffice(t);
  await t.ok('signing.saveSettings', { modulePaths: [kit.hsm.modulePath], tsaUrl: tsa.url, sealPosition: 'overlap-left' }, o.adminToken);
  await t.ok('signing.trustAdd', { certificate: pki.root.certPem }, o.adminToken);
  // The national issuing CA is imported beside its root, as offices do (it completes chains a token lacks).
  await t.ok('signing.trustAdd', { certificate: Buffer.from(pki.ca.certDer).toString('base64') }, o.adminToken);
  await t.ok('signing.setImage', { kind: 'signature', hash: await put('chu-ky.png', signaturePng(), o.leader.token) }, o.leader.token);
  await t.ok('signing.setImage', { kind: 'seal', hash: await put('con-dau.png', sealPng(), o.clerkToken) }, o.clerkToken);
}, 120_000);

afterAll(async () => {
  t?.close();
  await kit?.close();
});

describe('signing an outgoing document', () => {
  it('lists the tokens by label with their certificates (Vietnamese names, kind, days left)', async () => {
    const leader = await tokenCert(o.leader.token, 'Token Lãnh đạo');
    expect(leader.cert.subjectCN).toBe('Nguyễn Văn Ánh');
    expect(leader.cert.kind).toBe('personal');
    expect(leader.cert.usable).toBe(true);
    expect(leader.cert.daysLeft).toBeGreaterThan(30);
    const org = await tokenCert(o.clerkToken, 'Token Cơ quan');
    expect(org.cert.kind).toBe('organisation');
    expect(await code('tokens.list', {}, o.staff.token)).toBe('forbidden');
  });

  it('leader signs, clerk numbers and seals: both signatures valid in pdfsig and in our report, number and date written in', async () => {
    const d = await draftWith(await officialLetter({ signerName: 'Hoàng Văn Chủ', pages: 2 }), 'V/v báo cáo kết quả rà soát hộ nghèo năm 2026');
    const leader = await tokenCert(o.leader.token, 'Token Lãnh đạo');

    // A wrong PIN changes nothing.
    expect(await code('signing.signPersonal', { outgoingId: d.id, version: d.currentVersion, ...leader, pin: '000000' }, o.leader.token)).toBe('pin_incorrect');
    expect((await t.ok('outgoing.get', { id: d.id }, o.leader.token)).currentVersion).toBe(d.currentVersion);
    // Only the named signer signs.
    expect(await code('signing.signPersonal', { outgoingId: d.id, version: d.currentVersion, ...leader, pin: LEADER_PIN }, o.head.token)).toBe('forbidden');

    const personal = await t.ok('signing.signPersonal', { outgoingId: d.id, version: d.currentVersion, ...leader, pin: LEADER_PIN }, o.leader.token);
    if (personal.report.overall !== 'TOTAL_PASSED')
      console.log(
        JSON.stringify(
          personal.report.signatures.map((s) => ({ i: s.indication, s: s.subIndication, m: s.message, n: s.notes, r: s.revocation, rd: s.revocationDetail, c: s.chainTrusted })),
          null,
          1,
        ),
      );
    expect(personal.report.overall).toBe('TOTAL_PASSED');
    expect(personal.report.signatures[0].signer?.subjectCN).toBe('Nguyễn Văn Ánh');
    expect(personal.report.signatures[0].timestampTime).not.toBeNull();
    const afterPersonal = await t.ok('outgoing.get', { id: d.id }, o.clerkToken);
    expect(afterPersonal.currentVersion).toBe(d.currentVersion + 1);
    expect(afterPersonal.status).toBe('approved');

    const org = await tokenCert(o.clerkToken, 'Token Cơ quan');
    expect(await code('signing.sealAndIssue', { outgoingId: d.id, version: afterPersonal.currentVersion, ...org, pin: '999999' }, o.clerkToken)).toBe('pin_incorrect');
    expect((await t.ok('outgoing.get', { id: d.id }, o.clerkToken)).status).toBe('approved'); // no number taken
    const sealed = await t.ok('signing.sealAndIssue', { outgoingId: d.id, version: afterPersonal.currentVersion, ...org, pin: ORG_PIN }, o.clerkToken);
    expect(sealed.number).toBe('01/UBND-VP');
    expect(sealed.report.overall).toBe('TOTAL_PASSED');
    expect(sealed.report.signatures).toHaveLength(2);
    const [first, second] = sealed.report.signatures;
    expect(first.changesAfter.allowedOnly).toBe(true);
    expect(first.coversWholeFile).toBe(false);
    expect(second.signer?.subjectCN).toBe('UBND xã Đông Hòa');
    expect(second.coversWholeFile).toBe(true);

    const issuedDoc = await t.ok('outgoing.get', { id: d.id }, o.clerkToken);
    expect(issuedDoc.status).toBe('issued');
    expect(issuedDoc.signed).toBe(true);
    const file = saveTo('issued.pdf', await t.core.services.blobs.read(sealed.hash));
    const out = await pdfsig(file);
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(out.match(/Certificate is Trusted/g), out).toHaveLength(2);
    expect(out).toContain('Nguyễn Văn Ánh');

    // The number and the date are Stamp annotations on page 1 carrying their text.
    const pdf = openPdf(fs.readFileSync(file));
    const annots = (pdf.pages()[0].dict.map.get('Annots') as unknown[]).map((a) => pdf.resolveDict(a as never)).filter((a) => a && isName(a.map.get('Subtype'), 'Stamp'));
    const texts = annots.map((a) => {
      const c = a!.map.get('Contents');
      return isString(c) ? decodeTextString(c) : '';
    });
    const [yyyy, mm, dd] = t.core.services.env.clock.now() ? new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split('-') : [];
    expect(texts).toEqual(expect.arrayContaining(['01', dd, mm]));
    expect(texts).not.toContain(yyyy); // "năm 2026" is printed already
    expect(isDict(annots[0] ?? undefined)).toBe(true);

    // The history says who signed.
    const history = await t.ok('workflow.get', { documentId: d.id }, o.clerkToken);
    expect(history.timeline.filter((e) => e.kind === 'signed')).toHaveLength(2);
  });

  it('a wrong issue date is refused before anything is written; a tampered file is HASH_FAILURE for `vanthu pdf verify`', async () => {
    const d = await draftWith(await officialLetter({ signerName: 'Hoàng Văn Chủ' }), 'V/v kiểm tra ngày ký');
    const org = await tokenCert(o.clerkToken, 'Token Cơ quan');
    expect(await code('signing.sealAndIssue', { outgoingId: d.id, version: d.currentVersion, issuedDate: '2026-01-02', ...org, pin: ORG_PIN }, o.clerkToken)).toBe('invalid_input');
    const sealed = await t.ok('signing.sealAndIssue', { outgoingId: d.id, version: d.currentVersion, ...org, pin: ORG_PIN }, o.clerkToken);
    const bytes = Buffer.from(await t.core.services.blobs.read(sealed.hash));
    const good = saveTo('good.pdf', bytes);
    // Asynchronously: the CRL the command fetches is served by this very process.
    const cli = (f: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const args = [
          '--import',
          'tsx/esm',
          'src-main/bin/vanthu.mjs',
          'pdf',
          'verify',
          f,
          '--json',
          '--trust',
          path.join(pki.dir, 'root.pem'),
          '--data-dir',
          path.join(dir, 'none'),
        ];
        execFile(process.execPath, args, { encoding: 'utf8' }, (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
      });
    const ok = await cli(good);
    expect(ok.status, ok.stderr + ok.stdout.slice(0, 3000)).toBe(0);
    expect(JSON.parse(ok.stdout).overall).toBe('TOTAL_PASSED');
    // One byte of the page content changed inside the signed range.
    const i = bytes.indexOf('Nội dung') > 0 ? bytes.indexOf('stream') + 20 : 200;
    bytes[i] ^= 0x01;
    const bad = await cli(saveTo('bad.pdf', bytes));
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).signatures[0].subIndication).toBe('HASH_FAILURE');
  });

  it('a LibreOffice document is numbered and sealed with both signatures valid', async () => {
    const lo = officialLetterLibreOffice(path.join(dir, 'lo'), { signerName: 'Hoàng Văn Chủ' });
    const d = await draftWith(lo, 'V/v văn bản soạn bằng LibreOffice');
    const leader = await tokenCert(o.leader.token, 'Token Lãnh đạo');
    const p = await t.ok('signing.signPersonal', { outgoingId: d.id, version: d.currentVersion, ...leader, pin: LEADER_PIN }, o.leader.token);
    expect(p.report.overall).toBe('TOTAL_PASSED');
    const org = await tokenCert(o.clerkToken, 'Token Cơ quan');
    const sealed = await t.ok('signing.sealAndIssue', { outgoingId: d.id, version: d.currentVersion + 1, ...org, pin: ORG_PIN }, o.clerkToken);
    expect(sealed.report.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect((await pdfsig(saveTo('lo-issued.pdf', await t.core.services.blobs.read(sealed.hash)))).match(/Signature is Valid/g)).toHaveLength(2);
  }, 60_000);

  it('signs offline (TSA unreachable) and adds the timestamp later as one more incremental update', async () => {
    const d = await draftWith(await officialLetter({ signerName: 'Hoàng Văn Chủ' }), 'V/v ký khi mất mạng');
    const org = await tokenCert(o.clerkToken, 'Token Cơ quan');
    tsa.setMode('refuse');
    const sealed = await t.ok('signing.sealAndIssue', { outgoingId: d.id, version: d.currentVersion, ...org, pin: ORG_PIN }, o.clerkToken);
    expect(sealed.timestampDeferred).toBe(true);
    expect(sealed.report.signatures[0].timestampTime).toBeNull();
    tsa.setMode('ok');
    // The job was queued with the signed file; its first run may have hit the refusing TSA: run it now.
    const job = t.core.services.raw.prepare("SELECT id FROM jobs WHERE kind = 'signing.timestamp' ORDER BY id DESC LIMIT 1").pluck().get() as number;
    t.core.services.raw.prepare("UPDATE jobs SET next_run_at = 0, state = 'waiting' WHERE id = ? AND state != 'done'").run(job);
    await t.core.idle();
    const after = await t.ok('outgoing.get', { id: d.id }, o.clerkToken);
    const main = after.versions.find((v) => v.version === after.currentVersion)!.files[0];
    expect(main.hash).not.toBe(sealed.hash);
    const report = await t.ok('signing.verify', { hash: main.hash }, o.clerkToken);
    expect(report.signatures.map((s) => s.kind)).toEqual(['signature', 'doc-timestamp']);
    expect(report.overall).toBe('TOTAL_PASSED');
    expect(await pdfsig(saveTo('late-ts.pdf', await t.core.services.blobs.read(main.hash)))).toContain('Signature is Valid');
  }, 60_000);

  it("seals the clerk's queue with one PIN: each document numbered, signed and audited on its own; a separate appendix signed too", async () => {
    const letter = await officialLetter({ signerName: 'Hoàng Văn Chủ' });
    const appendix = await officialLetter({ signerName: 'Phụ lục', pages: 1 });
    const withAppendix = await approvedDraft(t, o, {
      subject: 'V/v ban hành kèm phụ lục',
      files: [
        { hash: await put('cv.pdf', letter, o.staff.token), fileName: 'Công văn.pdf', draftRole: 'main' },
        { hash: await put('pl.pdf', appendix, o.staff.token), fileName: 'Phụ lục số liệu.pdf', draftRole: 'attachment' },
      ],
    });
    const plain = await draftWith(letter, 'V/v thứ hai trong lô');
    const notReady = await t.ok('outgoing.createDraft', { docTypeId: 18, subject: 'V/v chưa duyệt', recipients: [], files: [] }, o.staff.token);
    const org = await tokenCert(o.clerkToken, 'Token Cơ quan');
    const before = t.core.services.raw.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'signing.seal'").pluck().get() as number;
    const r = await t.ok(
      'signing.sealBatch',
      { items: [withAppendix, notReady, plain].map((d) => ({ outgoingId: d.id, version: d.currentVersion })), ...org, pin: ORG_PIN },
      o.clerkToken,
    );
    expect(r.results.map((x) => x.ok)).toEqual([true, false, true]);
    expect(r.results[1].error?.code).toBe('invalid_state');
    expect(r.results[0].number).not.toBe(r.results[2].number);
    expect(t.core.services.raw.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'signing.seal'").pluck().get()).toBe(before + 2);
    const doc = await t.ok('outgoing.get', { id: withAppendix.id }, o.clerkToken);
    const files = doc.versions.find((v) => v.version === doc.currentVersion)!.files;
    const pl = files.find((f) => f.draftRole === 'attachment')!;
    const plReport = await t.ok('signing.verify', { hash: pl.hash }, o.clerkToken);
    expect(plReport.overall).toBe('TOTAL_PASSED');
    expect(plReport.signatures[0].signer?.subjectCN).toBe('UBND xã Đông Hòa');
    expect((await pdfsig(saveTo('appendix.pdf', await t.core.services.blobs.read(pl.hash)))).match(/Signature is Valid/g)).toHaveLength(1);
    // A wrong PIN for the batch: nothing numbered.
    const third = await draftWith(letter, 'V/v lô với PIN sai');
    expect(await code('signing.sealBatch', { items: [{ outgoingId: third.id, version: third.currentVersion }], ...org, pin: '111111' }, o.clerkToken)).toBe('pin_incorrect');
    expect((await t.ok('outgoing.get', { id: third.id }, o.clerkToken)).status).toBe('approved');
  }, 60_000);

  it('puts the signature where the leader chose on the page, and finds the block from the certificate name when the draft names no one', async () => {
    const leader = await tokenCert(o.leader.token, 'Token Lãnh đạo');
    const chosen = await draftWith(await officialLetter({ signerName: 'Hoàng Văn Chủ', pages: 2 }), 'V/v vị trí chữ ký do lãnh đạo chọn');
    const a = await t.ok(
      'signing.signPersonal',
      { outgoingId: chosen.id, version: chosen.currentVersion, ...leader, pin: LEADER_PIN, placement: { page: 1, x: 300, y: 120 } },
      o.leader.token,
    );
    const [w] = signatureWidgets(await t.core.services.blobs.read(a.hash));
    expect(w.page).toBe(1);
    expect(w.rect[0]).toBeCloseTo(300, 0);
    expect(w.rect[1]).toBeCloseTo(120, 0);
    // The letter prints the certificate holder's name: the image goes just above it on the last page.
    const byCert = await draftWith(await officialLetter({ signerName: 'Nguyễn Văn Ánh', pages: 2 }), 'V/v tên theo chứng thư');
    const b = await t.ok('signing.signPersonal', { outgoingId: byCert.id, version: byCert.currentVersion, ...leader, pin: LEADER_PIN }, o.leader.token);
    const [v] = signatureWidgets(await t.core.services.blobs.read(b.hash));
    expect(v.page).toBe(2);
    expect(v.rect[1]).toBeGreaterThan(190); // the name's baseline in the letter
    expect(v.rect[1]).toBeLessThan(282); // below "CHỦ TỊCH"
  }, 60_000);
});
