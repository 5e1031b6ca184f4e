// Handlers of the dashboard and the reports: each computes its figures once from the database (stats/*) and either
// returns them (screen) or draws that same Report as XLSX/PDF on a worker thread. Exports are audited (a write with
// no change); nothing else here writes.

import type { Report } from '../../src-shared/api/reports';
import type { reportsApi } from '../../src-shared/api/reports';
import type { BinaryOut } from '../../src-shared/api';
import type { CallCtx, HandlerMap } from '../api/context';
import { computeAccounts } from './accounts-report';
import { computeDashboard } from './dashboard';
import { computeExchange } from './exchange-report';
import { computeIncomingHandling } from './handling-report';
import { computeOutgoingHandling } from './outgoing-report';
import { REPORT_FILE_STEMS, reportTable } from './report-export';

type Methods = keyof typeof reportsApi;

function who(ctx: CallCtx) {
  return { today: ctx.today(), viewer: ctx.viewer() };
}

async function exportReport(ctx: CallCtx, r: Report, format: 'xlsx' | 'pdf'): Promise<BinaryOut> {
  const me = ctx.user();
  const table = reportTable(r, { printedAt: ctx.now(), printedBy: me.fullName, orgName: ctx.s.settings.org()?.name ?? null });
  const { bytes } = await ctx.s.workers.run('render.table', { table, format, resourcesDir: ctx.s.env.resourcesDir }, { urgent: true });
  ctx.write(() => undefined, { targetType: 'report', details: { kind: r.kind, from: r.from, to: r.to, format } });
  return {
    fileName: `${REPORT_FILE_STEMS[r.kind]}-${r.from}-${r.to}.${format}`,
    mime: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
    bytes,
  };
}

const handling = (ctx: CallCtx, input: { from: string; to: string; direction: 'in' | 'out' }) =>
  input.direction === 'in' ? computeIncomingHandling(ctx.s.raw, input, who(ctx)) : computeOutgoingHandling(ctx.s.raw, input, who(ctx));

export const reportsHandlers: HandlerMap<Methods> = {
  'reports.dashboard': (ctx) => {
    const me = ctx.user();
    return computeDashboard(
      { raw: ctx.s.raw, documents: ctx.s.documents, workflow: ctx.s.workflow },
      { userId: me.userId, roles: me.roles, viewer: ctx.viewer() },
      { today: ctx.today(), follows: me.permissions.has('workflow.follow') },
    );
  },
  'reports.handling': (ctx, input) => handling(ctx, input),
  'reports.exchange': (ctx, input) => computeExchange(ctx.s.raw, input, who(ctx)),
  'reports.accounts': (ctx, input) => computeAccounts(ctx.s.raw, input, { today: ctx.today() }),
  'reports.handlingExport': (ctx, input) => exportReport(ctx, handling(ctx, input), input.format),
  'reports.exchangeExport': (ctx, input) => exportReport(ctx, computeExchange(ctx.s.raw, input, who(ctx)), input.format),
  'reports.accountsExport': (ctx, input) => exportReport(ctx, computeAccounts(ctx.s.raw, input, { today: ctx.today() }), input.format),
};
