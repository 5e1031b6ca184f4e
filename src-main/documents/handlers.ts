// Handlers for reading documents (detail, list, search), exporting lists and results, saved searches and the
// document-type table.

import { and, desc, eq } from 'drizzle-orm';
import type { documentFilters, documentsApi, SavedSearchDto } from '../../src-shared/api/documents';
import { formatVnDate, vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { formatCode, URGENCY_LABELS, DOC_STATUS } from '../../src-shared/documents';
import type { z } from 'zod';
import type { HandlerMap } from '../api/context';
import type { TableExportInput } from '../reports/table-export';
import { savedSearches } from './schema';

type Methods = Extract<keyof typeof documentsApi, `documents.${string}` | `searches.${string}` | `doctypes.${string}`>;

const EXPORT_MAX = 50_000;

export const documentsHandlers: HandlerMap<Methods> = {
  'documents.get': (ctx, input) => ctx.s.documents.get(input.id, ctx.s.settings.org()?.name ?? '', ctx.today(), ctx.viewer()),

  'documents.access': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.id);
    return ctx.s.access.links(input.id);
  },

  // Để biết: the people and units get to see the document and its files; routing adds the other kinds of link.
  'documents.share': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.id);
    const me = ctx.user();
    ctx.write(
      () => ctx.s.access.grant(input.id, 'info', input, me.userId, ctx.now()),
      (added) => ({ targetType: 'document', targetId: input.id, details: { kind: 'info', userIds: input.userIds, unitIds: input.unitIds, added } }),
    );
    ctx.emit('document.changed', { id: input.id, direction: 'in' });
    return ctx.s.access.links(input.id);
  },

  'documents.unshare': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.id);
    ctx.write(
      () => ctx.s.access.revoke(input.id, input.linkId, 'info'),
      (l) => ({ targetType: 'document', targetId: input.id, details: { kind: l.kind, userId: l.userId, unitId: l.unitId } }),
    );
    ctx.emit('document.changed', { id: input.id, direction: 'in' });
    return ctx.s.access.links(input.id);
  },

  'documents.list': (ctx, input) => ctx.s.documents.list(input, ctx.today(), ctx.viewer()),

  'documents.count': (ctx, input) => ({ total: ctx.s.documents.count(input.filters, ctx.today(), ctx.viewer()) }),

  'documents.search': (ctx, input) => ctx.s.documents.search(input, ctx.today(), ctx.viewer()),
  'documents.searchTotal': (ctx, input) => ctx.s.documents.searchTotal(input, ctx.today(), ctx.viewer()),

  'documents.export': async (ctx, input) => {
    const me = ctx.user();
    const rows = ctx.s.documents.all(input.query, input.filters, ctx.today(), EXPORT_MAX, ctx.viewer());
    const fmtDate = (d: string | null) => (d ? formatVnDate(d) : '');
    const table: TableExportInput = {
      title: input.query ? `KẾT QUẢ TÌM KIẾM VĂN BẢN ĐẾN: “${input.query}”` : 'DANH SÁCH VĂN BẢN ĐẾN',
      subtitle: `${rows.length} văn bản${rows.length === EXPORT_MAX ? ` (giới hạn ${EXPORT_MAX})` : ''}`,
      orgName: ctx.s.settings.org()?.name ?? null,
      printedAt: ctx.now(),
      printedBy: me.fullName,
      landscape: true,
      columns: [
        { key: 'number', label: 'Số đến', width: 7, align: 'right' },
        { key: 'arrival', label: 'Ngày đến', width: 10, align: 'center' },
        { key: 'issuer', label: 'Cơ quan ban hành', width: 22 },
        { key: 'code', label: 'Số, ký hiệu', width: 13 },
        { key: 'issued', label: 'Ngày văn bản', width: 10, align: 'center' },
        { key: 'type', label: 'Loại', width: 10 },
        { key: 'subject', label: 'Trích yếu', width: 40 },
        { key: 'urgency', label: 'Độ khẩn', width: 9 },
        { key: 'status', label: 'Trạng thái', width: 10 },
      ],
      rows: rows.map((r) => ({
        number: r.arrivalNumber,
        // The real day of arrival; the later start of counting (arrived outside working hours) beside it.
        arrival:
          vnParts(r.receivedAt).date === vnParts(r.arrivalAt).date
            ? fmtDate(vnParts(r.receivedAt).date)
            : `${fmtDate(vnParts(r.receivedAt).date)} (tính hạn từ ${fmtDate(vnParts(r.arrivalAt).date)})`,
        issuer: r.issuerName,
        code: formatCode(r.codeNumber, r.codeNotation),
        issued: fmtDate(r.issuedDate),
        type: r.typeName,
        subject: r.subject,
        urgency: URGENCY_LABELS[r.urgency],
        status: DOC_STATUS[r.status],
      })),
    };
    // Drawn in a worker thread: 50,000 rows of PDF or XLSX take seconds the other requests must not wait for.
    const { bytes } = await ctx.s.workers.run('render.table', { table, format: input.format, resourcesDir: ctx.s.env.resourcesDir }, { urgent: true });
    ctx.write(() => undefined, { action: 'documents.export', details: { query: input.query, filters: input.filters, format: input.format, rows: rows.length } });
    const stamp = ctx.today();
    return input.format === 'xlsx'
      ? { fileName: `van-ban-den-${stamp}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes }
      : { fileName: `van-ban-den-${stamp}.pdf`, mime: 'application/pdf', bytes };
  },

  'searches.list': (ctx) => {
    const me = ctx.user();
    return ctx.s.db
      .select()
      .from(savedSearches)
      .where(eq(savedSearches.userId, me.userId))
      .orderBy(desc(savedSearches.createdAt))
      .all()
      .map((r): SavedSearchDto => ({ id: r.id, name: r.name, query: r.query, filters: JSON.parse(r.filters) as z.input<typeof documentFilters>, createdAt: r.createdAt }));
  },

  'searches.save': (ctx, input) => {
    const me = ctx.user();
    const id = ctx.write(
      () =>
        ctx.s.db
          .insert(savedSearches)
          .values({ userId: me.userId, name: input.name, query: input.query, filters: JSON.stringify(input.filters), createdAt: ctx.now() })
          .returning({ id: savedSearches.id })
          .get().id,
      (newId) => ({ targetType: 'saved_search', targetId: newId }),
    );
    return { id, name: input.name, query: input.query, filters: input.filters, createdAt: ctx.now() };
  },

  'searches.delete': (ctx, input) => {
    const me = ctx.user();
    ctx.write(
      () => {
        const r = ctx.s.db
          .delete(savedSearches)
          .where(and(eq(savedSearches.id, input.id), eq(savedSearches.userId, me.userId)))
          .run();
        if (!r.changes) throw new AppError('not_found', 'Không tìm thấy tìm kiếm đã lưu.');
      },
      { targetType: 'saved_search', targetId: input.id },
    );
    return { ok: true };
  },

  'doctypes.list': (ctx, input) => ctx.s.docTypes.list(input.includeInactive),

  'doctypes.save': (ctx, input) => {
    const id = ctx.write(
      () => ctx.s.docTypes.save(input),
      (newId) => ({ targetType: 'doc_type', targetId: newId, details: input }),
    );
    return ctx.s.docTypes.get(id);
  },
};
