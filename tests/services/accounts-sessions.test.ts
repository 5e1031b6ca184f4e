// The desktop app's session holder (electron/session-holder.ts) over a real core, as main.ts wires it: each window's
// token stays in the main process, the renderer's requests carry none and its answers show none.

import { afterEach, describe, expect, it } from 'vitest';
import { createIpcBridge } from '../../src-main/api/ipc-bridge';
import { createSessionHolder } from '../../src-main/electron/session-holder';
import type { Wire } from '../../src-shared/errors';
import { makeCore, setupOffice, STRONG_PASSWORD, userWithRoles, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

describe('desktop session holder', () => {
  it('keeps each window’s token in main, strips it from answers and refuses a token sent by the page', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const staff = await userWithRoles(t, adminToken, 'Cao Thị Bàn', ['staff']);
    const holder = createSessionHolder(createIpcBridge(t.core));

    const login = (await holder.invoke('wc1', { method: 'auth.login', input: { username: staff.username, password: STRONG_PASSWORD } })) as Wire<{
      token: string;
      user: { id: number };
    }>;
    expect(login.ok).toBe(true);
    if (!login.ok) return;
    expect(login.value.token).toBe('');
    expect(login.value.user.id).toBe(staff.id);
    expect(holder.holds('wc1')).toBe(true);

    expect(await holder.invoke('wc1', { method: 'auth.me', input: {} })).toMatchObject({ ok: true, value: { user: { id: staff.id } } });
    // Another window has no session of its own.
    expect(await holder.invoke('wc2', { method: 'auth.me', input: {} })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // A page that smuggles in a token (say, stolen from elsewhere) is refused outright.
    expect(await holder.invoke('wc2', { method: 'auth.me', input: {}, token: adminToken })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await holder.invoke('wc2', 'auth.me')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // Password change: the new token replaces the old one in main; the page still sees none.
    const changed = (await holder.invoke('wc1', { method: 'auth.changePassword', input: { currentPassword: STRONG_PASSWORD, newPassword: 'Doi@matkhau2027' } })) as Wire<{
      token: string;
    }>;
    expect(changed).toEqual({ ok: true, value: { token: '' } });
    expect(await holder.invoke('wc1', { method: 'auth.me', input: {} })).toMatchObject({ ok: true });
    expect(await t.call('auth.me', {}, staff.token)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    // Events reach the window of the person they are for.
    const got: string[] = [];
    const stop = holder.subscribe('wc1', (e) => got.push(e.name));
    const none: string[] = [];
    holder.subscribe('wc2', (e) => none.push(e.name));
    t.core.events.emit({ name: 'users.changed', data: { userId: staff.id }, to: [staff.id] });
    expect(got).toEqual(['users.changed']);
    expect(none).toEqual([]);
    stop();

    // Sign-out forgets the token.
    expect(await holder.invoke('wc1', { method: 'auth.logout', input: {} })).toMatchObject({ ok: true });
    expect(holder.holds('wc1')).toBe(false);
    expect(await holder.invoke('wc1', { method: 'auth.me', input: {} })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('drops the token of a session ended elsewhere, and of a closed window', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const staff = await userWithRoles(t, adminToken, 'Tô Văn Đóng', ['staff']);
    const holder = createSessionHolder(createIpcBridge(t.core));
    await holder.invoke('wc7', { method: 'auth.login', input: { username: staff.username, password: STRONG_PASSWORD } });
    await holder.invoke('wc8', { method: 'auth.login', input: { username: 'admin', password: STRONG_PASSWORD } });
    await t.ok('users.revoke', { id: staff.id, reason: 'Nghỉ việc' }, adminToken);
    expect(holder.holds('wc7')).toBe(true);
    expect(await holder.invoke('wc7', { method: 'auth.me', input: {} })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(holder.holds('wc7')).toBe(false);
    holder.forget('wc8');
    expect(await holder.invoke('wc8', { method: 'auth.me', input: {} })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
