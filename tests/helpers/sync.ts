// Helpers for interconnection tests: an office (the outgoing cast of tests/helpers/outgoing.ts) with its sync
// settings pointed at a hub, and waiting for a condition by polling sync.now (never by sleeping).

import type { TestCore } from './core';
import { outgoingOffice } from './outgoing';

export async function syncOffice(t: TestCore, v: { code: string; hubUrl: string; secret: string; intervalSec?: number }) {
  const o = await outgoingOffice(t);
  await t.ok('sync.saveSettings', { enabled: true, hubUrl: v.hubUrl, officeCode: v.code, secret: v.secret, caFile: null, intervalSec: v.intervalSec ?? 30 }, o.adminToken);
  return { ...o, code: v.code };
}

export type SyncOffice = Awaited<ReturnType<typeof syncOffice>>;

/** Runs rounds on the given offices until `cond` holds (at most `rounds` rounds each); returns the last value. */
type Maybe<T> = T | undefined | null | false;

export async function syncUntil<T>(offices: Array<{ t: TestCore; token: string }>, cond: () => Maybe<T> | Promise<Maybe<T>>, rounds = 20): Promise<T> {
  for (let i = 0; i < rounds; i++) {
    const v = await cond();
    if (v) return v;
    for (const o of offices) await o.t.ok('sync.now', {}, o.token);
  }
  const v = await cond();
  if (!v) throw new Error(`condition not met after ${rounds} rounds`);
  return v;
}
