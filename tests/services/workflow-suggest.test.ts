// Routing suggestion (issue 9 §5a) on a generated history with consistent patterns and noise: the suggested lead
// unit, leader and deadline match what the office usually does far more often than the naive guess (the unit that
// leads most documents), and every suggestion shows the examples it rests on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, userWithRoles, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { historyDoc, rng, TOPICS } from '../bench/workflow-history';

describe('workflow.suggest', () => {
  let t: TestCore;
  let o: Awaited<ReturnType<typeof clerkOffice>>;
  let units: number[];
  let leaders: Array<{ id: number; token: string }>;
  const counts = new Map<number, number>();
  let n = 1;

  beforeAll(async () => {
    t = makeCore();
    o = await clerkOffice(t);
    units = [];
    for (const tp of TOPICS) units.push((await t.ok('units.create', { name: tp.unit, code: null, parentId: null }, o.adminToken)).id);
    leaders = [await userWithRoles(t, o.adminToken, 'Hoàng Văn Chủ', ['leader']), await userWithRoles(t, o.adminToken, 'Trịnh Thị Phó', ['leader'])];
    const r = rng(20261120);
    for (let i = 0; i < 90; i++) {
      const h = historyDoc(r, 0.15);
      const id = (
        await t.ok(
          'incoming.register',
          docInput(o.registerId, { codeNumber: String(n++), subject: h.subject, issuer: { agencyId: null, code: null, name: h.issuer } }),
          o.clerkToken,
        )
      ).id;
      await t.ok('workflow.direct', { documentId: id, text: null, lead: { unitId: units[h.unit], dueWorkingDays: h.days } }, leaders[h.leader].token);
      counts.set(h.unit, (counts.get(h.unit) ?? 0) + 1);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('matches the usual routing clearly more often than the most frequent unit', async () => {
    const r = rng(777);
    const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    let lead = 0;
    let leader = 0;
    let days = 0;
    let naive = 0;
    const probes = 30;
    let lastId = 0;
    for (let i = 0; i < probes; i++) {
      const h = historyDoc(r, 0);
      const id = (
        await t.ok(
          'incoming.register',
          docInput(o.registerId, { codeNumber: String(n++), subject: h.subject, issuer: { agencyId: null, code: null, name: h.issuer } }),
          o.clerkToken,
        )
      ).id;
      lastId = id;
      const s = await t.ok('workflow.suggest', { documentId: id }, o.clerkToken);
      expect(s.examples.length).toBeGreaterThan(0);
      expect(s.examples.length).toBeLessThanOrEqual(10);
      for (const e of s.examples) expect(['issuer', 'subject', 'both']).toContain(e.reason);
      if (s.lead?.unitId === units[h.unit]) lead++;
      if (s.leader?.id === leaders[h.leader].id) leader++;
      if (s.dueWorkingDays === h.days) days++;
      if (majority === h.unit) naive++;
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    expect(lead / probes).toBeGreaterThanOrEqual(0.8);
    expect(lead / probes).toBeGreaterThan(naive / probes + 0.4);
    expect(leader / probes).toBeGreaterThanOrEqual(0.8);
    expect(days / probes).toBeGreaterThanOrEqual(0.7);
    // Nothing is applied by suggesting.
    const wf = await t.ok('workflow.get', { documentId: lastId }, o.clerkToken);
    expect(wf.tasks).toHaveLength(0);
  });

  it('a document with no similar history gets no suggestion', async () => {
    const id = (
      await t.ok(
        'incoming.register',
        docInput(o.registerId, { codeNumber: String(n++), subject: 'Giấy mời dự lễ khánh thành nhà văn hóa', issuer: { agencyId: null, code: null, name: 'Hội Nông dân tỉnh' } }),
        o.clerkToken,
      )
    ).id;
    const s = await t.ok('workflow.suggest', { documentId: id }, o.clerkToken);
    expect(s).toMatchObject({ lead: null, leader: null, confidence: 0, examples: [] });
  });

  it('only those who present may ask', async () => {
    const staff = await userWithRoles(t, o.adminToken, 'Vũ Thị Chuyên', ['staff']);
    const r = await t.call('workflow.suggest', { documentId: 1 }, staff.token);
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});
