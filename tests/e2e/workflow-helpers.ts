// Shortcuts for the routing e2e tests: an office with a leader, a unit with its head and a staff member, documents
// registered, presented and directed through the HTTP API, and a small Vietnamese PDF.

import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import type { Locator } from '@playwright/test';
import { api, officeWithClerk } from './helpers';

export const PASSWORD = 'VanThu@2026';
export const ISSUER = 'Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Nam';
export const UNIT = 'Phòng Văn hóa - Xã hội';

export async function vietnamesePdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync('resources/fonts/LiberationSerif-Regular.ttf'), { subset: true });
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 60, y: 780 - i * 24, size: 14, font }));
  return Buffer.from(await doc.save());
}

async function person(url: string, adminToken: string, fields: Record<string, unknown>) {
  const { user } = await api<{ user: { id: number } }>(url, 'users.create', { ...fields, password: 'Tam@thoi2026' }, adminToken);
  const l = await api<{ token: string }>(url, 'auth.login', { username: fields.username, password: 'Tam@thoi2026' });
  const c = await api<{ token: string }>(url, 'auth.changePassword', { currentPassword: 'Tam@thoi2026', newPassword: PASSWORD }, l.token);
  return { id: user.id, token: c.token, username: fields.username as string };
}

/** The four people of the cycle: văn thư, lãnh đạo, trưởng phòng, chuyên viên (passwords already changed). */
export async function routingOffice(url: string) {
  const o = await officeWithClerk(url);
  const unit = await api<{ id: number }>(url, 'units.create', { name: UNIT, code: 'VHXH', parentId: null }, o.adminToken);
  const leader = await person(url, o.adminToken, { fullName: 'Nguyễn Văn Lãnh', username: 'lanhdao', roles: ['leader'], position: 'Chủ tịch UBND' });
  const head = await person(url, o.adminToken, {
    fullName: 'Phạm Thị Trưởng',
    username: 'truongphong',
    roles: ['staff'],
    position: 'Trưởng phòng',
    unitId: unit.id,
    headsUnit: true,
  });
  const staff = await person(url, o.adminToken, { fullName: 'Lê Văn Chuyên', username: 'chuyenvien', roles: ['staff'], position: 'Chuyên viên', unitId: unit.id });
  const regs = await api<Array<{ id: number }>>(url, 'registers.list', { direction: 'in', year: new Date().getFullYear() }, o.clerkToken);
  return { ...o, unitId: unit.id, leader, head, staff, registerId: regs[0].id };
}

export async function putBlob(url: string, token: string, fileName: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${url}/api/blobs.put`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream', 'X-Vanthu-Input': encodeURIComponent(JSON.stringify({ fileName })) },
    body: new Uint8Array(bytes),
  });
  const wire = (await res.json()) as { ok: boolean; value: { hash: string } };
  if (!wire.ok) throw new Error(`blobs.put: ${JSON.stringify(wire)}`);
  return wire.value.hash;
}

type Office = Awaited<ReturnType<typeof routingOffice>>;

/** Registers a document (with its PDF when given) as the clerk; returns its id. */
export async function register(url: string, o: Office, doc: { subject: string; codeNumber: string; codeNotation: string; urgency?: number; pdf?: Buffer }) {
  const files = doc.pdf ? [{ hash: await putBlob(url, o.clerkToken, `cv-${doc.codeNumber}.pdf`, doc.pdf), fileName: `cv-${doc.codeNumber}.pdf`, role: 'main' }] : [];
  const d = await api<{ id: number }>(
    url,
    'incoming.register',
    {
      registerId: o.registerId,
      issuer: { agencyId: null, code: null, name: ISSUER },
      subject: doc.subject,
      codeNumber: doc.codeNumber,
      codeNotation: doc.codeNotation,
      urgency: doc.urgency ?? 0,
      files,
    },
    o.clerkToken,
  );
  return d.id;
}

/** An earlier document the office handled: presented to the leader, who gave the unit the lead for N working days. */
export async function handledEarlier(url: string, o: Office, subject: string, codeNumber: string, days: number) {
  const id = await register(url, o, { subject, codeNumber, codeNotation: 'SVHTTDL-QLVH' });
  await api(url, 'workflow.present', { documentId: id, leaderId: o.leader.id, note: null }, o.clerkToken);
  await api(url, 'workflow.direct', { documentId: id, text: 'Giao Phòng VH-XH chủ trì tham mưu.', lead: { unitId: o.unitId, dueWorkingDays: days, note: null } }, o.leader.token);
  return id;
}

/** Picks the option of a <select> whose text contains `text` (options carry position and unit after the name). */
export async function pick(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  if (value == null) throw new Error(`no option "${text}"`);
  await select.selectOption(value);
}
