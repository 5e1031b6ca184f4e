// Set-up for the outgoing e2e tests (văn bản đi): an office UBND with a unit VP and its people made through the API,
// a page per person (own tab, own session, console errors collected), a Vietnamese PDF, raw API answers.

import fs from 'node:fs';
import type { Browser, Page, ViewportSize } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { api, logIn, officeWithClerk } from './helpers';
import { putBlob } from './workflow-helpers';

export const PASSWORD = 'VanThu@2026';

export interface Person {
  id: number;
  username: string;
  token: string;
}

/** A colleague with a changed password: ready to sign in with PASSWORD. */
export async function person(
  url: string,
  adminToken: string,
  p: { fullName: string; username: string; roles: string[]; unitId?: number | null; headsUnit?: boolean; position?: string },
): Promise<Person> {
  const { user } = await api<{ user: { id: number } }>(url, 'users.create', { unitId: null, headsUnit: false, ...p, password: 'Tam@thoi2026' }, adminToken);
  const l = await api<{ token: string }>(url, 'auth.login', { username: p.username, password: 'Tam@thoi2026' });
  const c = await api<{ token: string }>(url, 'auth.changePassword', { currentPassword: 'Tam@thoi2026', newPassword: PASSWORD }, l.token);
  return { id: user.id, username: p.username, token: c.token };
}

/** The office of the e2e: UBND xã with unit VP (code VP), a drafter in it, optionally its head, one leader, the clerk. */
export async function outgoingOffice(url: string, withHead: boolean) {
  const o = await officeWithClerk(url);
  const vp = await api<{ id: number }>(url, 'units.create', { name: 'Văn phòng HĐND và UBND', code: 'VP', parentId: null }, o.adminToken);
  const drafter = await person(url, o.adminToken, { fullName: 'Lê Văn Soạn', username: 'levanson', roles: ['staff'], unitId: vp.id, position: 'Công chức Văn phòng - Thống kê' });
  const head = withHead
    ? await person(url, o.adminToken, { fullName: 'Phạm Thị Hương', username: 'phamthihuong', roles: ['staff'], unitId: vp.id, headsUnit: true, position: 'Chánh Văn phòng' })
    : null;
  const leader = await person(url, o.adminToken, { fullName: 'Nguyễn Văn Chủ', username: 'nguyenvanchu', roles: ['leader'], position: 'Chủ tịch UBND xã' });
  const clerkLogin = await api<{ token: string; user: { id: number } }>(url, 'auth.login', { username: o.clerk.username, password: o.clerk.password });
  return { ...o, vp, drafter, head, leader, clerk: { ...o.clerk, token: clerkLogin.token } };
}

/**
 * A signed-in browser context of its own for one person (the session cookie is shared by every tab of one context), with the same locale and time
 * zone as the configured page, and a list of its console errors for the test to check at the end.
 */
export async function signedIn(browser: Browser, url: string, username: string, viewport?: ViewportSize): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: viewport ?? { width: 1366, height: 860 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await logIn(page, url, username, PASSWORD);
  return { page, problems };
}

/** The raw answer of a call, refusals included (helpers.api throws on them). */
export async function apiWire(url: string, method: string, input: unknown, token: string): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

export async function vietnamesePdf(file: string, lines: string[]): Promise<void> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync('resources/fonts/LiberationSerif-Regular.ttf'), { subset: true });
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 60, y: 780 - i * 24, size: 14, font }));
  fs.writeFileSync(file, await doc.save());
}

/** Dark pixels pdf.js drew on the first page's canvas: more than a few hundred means the text is really there. */
export function darkPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('canvas.pdf-page');
    const data = c?.getContext('2d')?.getImageData(0, 0, c.width, Math.min(c.height, 400)).data;
    let dark = 0;
    for (let i = 0; data && i < data.length; i += 4) if (data[i] < 100 && data[i + 3] > 0) dark++;
    return dark;
  });
}

/**
 * A công văn drafted by the office's chuyên viên with one PDF, submitted and approved by the leader through the API
 * (the drafting and approving screens are covered by outgoing.spec.ts). Returns the draft's id.
 */
export async function approvedCongVan(
  url: string,
  o: Awaited<ReturnType<typeof outgoingOffice>>,
  v: { subject: string; pdf: Buffer; fileName: string; recipients: unknown[]; authority?: string; noPaper?: boolean },
): Promise<number> {
  const types = await api<Array<{ id: number; name: string }>>(url, 'doctypes.list', {}, o.drafter.token);
  const hash = await putBlob(url, o.drafter.token, 'cong-van.pdf', v.pdf);
  const draft = await api<{ id: number }>(
    url,
    'outgoing.createDraft',
    {
      docTypeId: types.find((t) => t.name === 'Công văn')!.id,
      subject: v.subject,
      signerUserId: o.leader.id,
      ...(v.authority ? { authority: v.authority } : {}),
      recipients: v.recipients,
      ...(v.noPaper ? { noPaper: true } : {}),
      files: [{ hash, fileName: v.fileName, draftRole: 'main' }],
    },
    o.drafter.token,
  );
  await api(url, 'outgoing.submit', { id: draft.id, version: 1 }, o.drafter.token);
  await api(url, 'outgoing.approve', { id: draft.id, version: 1 }, o.leader.token);
  return draft.id;
}
