// Handlers for records and archive: each change is one ctx.write (with its audit row, targetType 'record_file' for a
// file's history); printouts and the export package are made after reading, outside any transaction; the bytes of
// disposed files are removed by a durable job after the decision commits.

import { PassThrough } from 'node:stream';
import type { recordsApi, RecordFileDto } from '../../src-shared/api/records';
import { FILE_RIGHTS } from '../../src-shared/api/records';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap, Services } from '../api/context';
import type { ExportPackageInput, FileFrontMatter, FileItemMeta, FileMeta, OrgHeader, PackageFile, TransferPrint } from './print-data';
import type { RecordsActor } from './service';

type Methods = Extract<keyof typeof recordsApi, `${'retention' | 'fileplan' | 'files' | 'archive'}.${string}`>;

/** The job that deletes a disposal's files from the blob store once the decision is committed. */
export const PURGE_JOB = 'records.purge';

function actor(ctx: CallCtx): RecordsActor {
  const me = ctx.user();
  return { userId: me.userId, viewer: ctx.viewer(), permissions: me.permissions };
}

function org(ctx: CallCtx): OrgHeader {
  const o = ctx.s.settings.org();
  return { orgName: o?.name ?? '', parentOrgName: o?.parentName ?? null, place: o?.place ?? null, organId: o?.code ?? null };
}

const fileNote = (id: number, details?: Record<string, unknown>) => ({ targetType: 'record_file', targetId: id, details: details ?? null });

function changed(ctx: CallCtx, ...ids: number[]): void {
  for (const id of ids) ctx.emit('files.changed', { id });
}

function fileMeta(ctx: CallCtx, f: RecordFileDto): FileMeta {
  return {
    id: f.id,
    fileCode: f.fileCode,
    organId: ctx.s.settings.org()?.code ?? null,
    year: f.year,
    code: f.code,
    title: f.title,
    retentionLabel: f.retentionLabel,
    retentionKind: f.retentionKind,
    retentionYears: f.retentionYears,
    rightsLabel: FILE_RIGHTS[f.rights],
    ownerName: f.ownerName,
    unitName: f.unitName,
    language: f.language,
    startDate: f.startDate,
    endDate: f.endDate,
    docTotal: f.docTotal,
    pageTotal: f.pageTotal,
    description: f.description,
    state: f.state,
  };
}

interface ItemSource {
  meta: FileItemMeta;
  files: Array<{ hash: string; name: string; size: number; mime: string; kind: string }>;
}

/** The file's items as the printouts and the export see them: full metadata of visible documents, number and date of the others. */
function itemSources(ctx: CallCtx, fileId: number, a: RecordsActor): ItemSource[] {
  const f = ctx.s.records.fileRow(fileId, a);
  const items = ctx.s.records.items(fileId, a, f.state);
  const docFiles = ctx.s.raw.prepare(
    `SELECT df.blob_hash AS hash, df.file_name AS name, b.size, b.mime, b.kind FROM document_files df JOIN blobs b ON b.hash = df.blob_hash
      WHERE df.document_id = ? AND df.role != 'paper_copy' ORDER BY df.position, df.id`,
  );
  const docRow = ctx.s.raw.prepare(
    `SELECT code_number AS codeNumber, code_notation AS codeNotation, signer_position AS signerPosition, signer_name AS signerName, urgency,
            arrival_number AS arrivalNumber, date(arrival_at / 1000, 'unixepoch', '+7 hours') AS arrivalDate, direction
       FROM documents WHERE id = ?`,
  );
  const otherRow = ctx.s.raw.prepare(
    `SELECT i.code_number AS codeNumber, i.code_notation AS codeNotation, b.size, b.mime, b.kind FROM record_file_items i LEFT JOIN blobs b ON b.hash = i.blob_hash WHERE i.id = ?`,
  );
  return items.map((it) => {
    const d = it.documentId != null ? (docRow.get(it.documentId) as Record<string, unknown>) : null;
    const o = it.documentId == null ? (otherRow.get(it.id) as { codeNumber: string | null; codeNotation: string | null; size: number; mime: string; kind: string }) : null;
    const meta: FileItemMeta = {
      ordinal: it.ordinal,
      kind: it.kind,
      typeName: it.typeName,
      codeNumber: (d?.codeNumber as string | null) ?? o?.codeNumber ?? null,
      codeNotation: (d?.codeNotation as string | null) ?? o?.codeNotation ?? null,
      code: it.code,
      issuedDate: it.issuedDate,
      organName: it.issuerName,
      subject: it.subject,
      language: 'Tiếng Việt',
      pageAmount: it.pageCount,
      // A document's notes are the office's working notes (up to 2,000 characters), not the archive's Ghi chú.
      description: null,
      arrivalDate: it.visible && d?.direction === 'in' ? (d.arrivalDate as string) : null,
      arrivalNumber: it.visible && d?.direction === 'in' ? ((d.arrivalNumber as number | null) ?? null) : null,
      signerPosition: it.visible ? ((d?.signerPosition as string | null) ?? null) : null,
      signerName: it.visible ? ((d?.signerName as string | null) ?? null) : null,
      priority: (d?.urgency as number | undefined) ?? 0,
      pageFrom: null,
      pageTo: null,
      hidden: !it.visible,
    };
    let files: ItemSource['files'] = [];
    if (it.visible && f.state !== 'disposed') {
      if (it.documentId != null) files = docFiles.all(it.documentId) as ItemSource['files'];
      else if (it.blobHash && o) files = [{ hash: it.blobHash, name: it.fileName ?? `${it.blobHash.slice(0, 12)}.${o.kind}`, size: o.size, mime: o.mime, kind: o.kind }];
    }
    return { meta, files };
  });
}

function frontMatter(ctx: CallCtx, file: FileMeta, items: FileItemMeta[]): FileFrontMatter {
  return { org: org(ctx), file, items, printedAt: ctx.now(), printedBy: ctx.user().fullName };
}

/** Streams a producer's chunks into the blob store (temp file, then renamed under its hash): never a half file under a final name. */
async function storeStream<R>(ctx: CallCtx, produce: (write: (chunk: Uint8Array) => Promise<void>) => Promise<R>): Promise<{ hash: string; size: number; result: R }> {
  const pipe = new PassThrough({ highWaterMark: 1 << 20 });
  let failed: unknown = null;
  const write = (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      if (failed || pipe.destroyed) return reject(failed ?? new Error('export stream closed'));
      if (pipe.write(chunk)) return resolve();
      const done = () => {
        pipe.off('drain', done);
        pipe.off('close', done);
        if (pipe.destroyed && !pipe.writableFinished) reject(failed ?? new Error('export stream closed'));
        else resolve();
      };
      pipe.once('drain', done);
      pipe.once('close', done);
    });
  const producing = produce(write).then(
    (r) => {
      pipe.end();
      return r;
    },
    (e: unknown) => {
      failed = e;
      pipe.destroy(e instanceof Error ? e : new Error(String(e)));
      throw e;
    },
  );
  let staged;
  try {
    staged = await ctx.s.blobs.store.stage(pipe);
  } catch (e) {
    failed ??= e;
    pipe.destroy();
    await producing.catch(() => undefined);
    throw e;
  }
  let result: R;
  try {
    result = await producing;
  } catch (e) {
    await staged.discard();
    throw e;
  }
  const put = await staged.commit();
  return { hash: put.hash, size: put.size, result };
}

function transferPrint(
  ctx: CallCtx,
  files: RecordFileDto[],
  o: { number: number | null; date: string; deliveredBy: string; deliveringUnit: string | null; receivedBy: string; notes: string | null },
): TransferPrint {
  const counts = ctx.s.raw.prepare(
    `SELECT count(*) FROM (SELECT df.blob_hash FROM record_file_items i JOIN document_files df ON df.document_id = i.document_id WHERE i.file_id = @id AND df.role != 'paper_copy'
       UNION ALL SELECT blob_hash FROM record_file_items WHERE file_id = @id AND blob_hash IS NOT NULL)`,
  );
  return {
    org: org(ctx),
    ...o,
    files: files.map((f, i) => ({
      ordinal: i + 1,
      code: f.code,
      title: f.title,
      startDate: f.startDate,
      endDate: f.endDate,
      retentionLabel: f.retentionLabel,
      docTotal: f.docTotal,
      pageTotal: f.pageTotal,
      notes: null,
    })),
    computerFiles: files.reduce((n, f) => n + (counts.pluck().get({ id: f.id }) as number), 0),
    printedAt: ctx.now(),
    printedBy: ctx.user().fullName,
  };
}

export const recordsHandlers: HandlerMap<Methods> = {
  'retention.list': (ctx, input) => ctx.s.records.listRetention(input.all),
  'retention.save': (ctx, input) => {
    const id = ctx.write(
      () => ctx.s.records.saveRetention(input),
      (rid) => ({ targetType: 'retention_code', targetId: rid, details: input }),
    );
    return ctx.s.records.retention(id);
  },

  'fileplan.get': (ctx, input) => ctx.s.records.getPlan(input.year),
  'fileplan.save': (ctx, input) => {
    ctx.write(() => ctx.s.records.savePlan(input), { targetType: 'file_plan', targetId: input.year, details: { year: input.year, headings: input.headings.length } });
    return ctx.s.records.getPlan(input.year);
  },
  'fileplan.copyFrom': (ctx, input) => {
    ctx.write(() => ctx.s.records.copyPlan(input.year, input.fromYear), { targetType: 'file_plan', targetId: input.year, details: input });
    return ctx.s.records.getPlan(input.year);
  },
  'fileplan.importXlsx': async (ctx, input) => {
    const chunks: Uint8Array[] = [];
    if (input.bytes instanceof Uint8Array) chunks.push(input.bytes);
    else {
      let size = 0;
      for await (const c of input.bytes) {
        size += c.byteLength;
        if (size > 20 * 1024 * 1024) throw new AppError('file_too_large', 'Tệp Danh mục hồ sơ lớn hơn 20 MB.');
        chunks.push(c);
      }
    }
    const bytes = chunks.length === 1 ? chunks[0] : new Uint8Array(Buffer.concat(chunks));
    const { readFilePlanSheet } = await import('./fileplan-import');
    return readFilePlanSheet(bytes, input.fileName, ctx.s.records.listRetention(false));
  },
  'fileplan.approve': (ctx, input) => {
    ctx.write(() => ctx.s.records.setPlanStatus(input.year, 'approved', ctx.user().userId, input.version), { targetType: 'file_plan', targetId: input.year });
    return ctx.s.records.getPlan(input.year);
  },
  'fileplan.issue': (ctx, input) => {
    ctx.write(() => ctx.s.records.setPlanStatus(input.year, 'issued', ctx.user().userId), { targetType: 'file_plan', targetId: input.year });
    return ctx.s.records.getPlan(input.year);
  },
  'fileplan.reopen': (ctx, input) => {
    ctx.write(() => ctx.s.records.setPlanStatus(input.year, 'draft', ctx.user().userId), { targetType: 'file_plan', targetId: input.year, details: { reason: input.reason } });
    return ctx.s.records.getPlan(input.year);
  },
  'fileplan.print': async (ctx, input) => {
    const plan = ctx.s.records.getPlan(input.year);
    if (plan.id == null) throw new AppError('not_found', `Chưa có Danh mục hồ sơ năm ${input.year}.`);
    const { renderFilePlanPdf } = await import('./forms');
    const bytes = await renderFilePlanPdf(
      {
        org: org(ctx),
        year: plan.year,
        status: plan.status,
        headings: plan.headings,
        counts: plan.counts,
        approvedAt: plan.approvedAt,
        approvedBy: plan.approvedBy,
        signerTitle: null,
        printedAt: ctx.now(),
        printedBy: ctx.user().fullName,
      },
      { resourcesDir: ctx.s.env.resourcesDir },
    );
    ctx.write(() => null, { targetType: 'file_plan', targetId: input.year });
    return { fileName: `danh-muc-ho-so-${input.year}.pdf`, mime: 'application/pdf', bytes };
  },

  'files.list': (ctx, input) => ctx.s.records.listFiles(input, actor(ctx), ctx.today()),
  'files.get': (ctx, input) => ctx.s.records.detail(input.id, actor(ctx)),
  'files.forDocument': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    return ctx.s.records.forDocument(input.documentId, actor(ctx));
  },
  'files.open': (ctx, input) => {
    const a = actor(ctx);
    const id = ctx.write(
      () => ctx.s.records.openFile(input, a),
      (fid) => fileNote(fid, { code: input.code, planLineId: input.planLineId, title: input.title }),
    );
    changed(ctx, id);
    return ctx.s.records.toDto(ctx.s.records.fileRow(id, a), a);
  },
  'files.update': (ctx, input) => {
    const a = actor(ctx);
    ctx.write(() => ctx.s.records.updateFile(input, a), fileNote(input.id, input));
    changed(ctx, input.id);
    return ctx.s.records.toDto(ctx.s.records.fileRow(input.id, a), a);
  },
  'files.addDocument': (ctx, input) => {
    const a = actor(ctx);
    const v = ctx.viewer();
    const r =
      'documentId' in input
        ? ctx.write(
            () => ctx.s.records.addDocument(input.fileId, input.documentId, a, (id) => ctx.s.access.mustSee(v, id)),
            (x) => fileNote(input.fileId, { documentId: input.documentId, itemId: x.itemId, warning: x.warning, label: ctx.s.records.itemLabel(x.itemId) }),
          )
        : ctx.write(
            () => ({ itemId: ctx.s.records.addOther(input.fileId, input.other, a, (h) => ctx.s.access.canReadBlob(v, h)), warning: null, direction: null }),
            (x) => fileNote(input.fileId, { other: input.other.fileName, hash: input.other.blobHash, itemId: x.itemId, label: ctx.s.records.itemLabel(x.itemId) }),
          );
    changed(ctx, input.fileId);
    // Its "Lưu hồ sơ số" changed.
    if ('documentId' in input && r.direction) ctx.emit('document.changed', { id: input.documentId, direction: r.direction });
    return { item: ctx.s.records.itemDto(input.fileId, r.itemId, a), warning: r.warning };
  },
  'files.removeItem': (ctx, input) => {
    const a = actor(ctx);
    ctx.write(
      () => {
        const label = ctx.s.records.itemLabel(input.itemId);
        ctx.s.records.removeItem(input.fileId, input.itemId, a);
        return label;
      },
      (label) => fileNote(input.fileId, { itemId: input.itemId, label }),
    );
    changed(ctx, input.fileId);
    return ctx.s.records.detail(input.fileId, a);
  },
  'files.close': (ctx, input) => {
    const a = actor(ctx);
    ctx.write(() => ctx.s.records.closeFile(input, a), fileNote(input.id, input));
    changed(ctx, input.id);
    return ctx.s.records.toDto(ctx.s.records.fileRow(input.id, a), a);
  },
  'files.reopen': (ctx, input) => {
    const a = actor(ctx);
    ctx.write(() => ctx.s.records.reopenFile(input.id, a), fileNote(input.id, { reason: input.reason }));
    changed(ctx, input.id);
    return ctx.s.records.toDto(ctx.s.records.fileRow(input.id, a), a);
  },
  'files.setAccess': (ctx, input) => {
    const a = actor(ctx);
    const pending = ctx.write(
      () => {
        const waits = ctx.s.records.setAccess(input, a);
        // Leaders are told of a change waiting for them (standards §3.9 function 3: alert until approved).
        return waits ? notifyApprovers(ctx.s, `Hồ sơ ${ctx.s.records.fileRow(input.id, a).code}: thay đổi quyền truy cập chờ duyệt.`) : [];
      },
      fileNote(input.id, input),
    );
    for (const n of pending) ctx.emit('notification.created', ctx.s.workflow.notification(n.id), [n.userId]);
    changed(ctx, input.id);
    return ctx.s.records.detail(input.id, a);
  },
  'files.approveAccess': (ctx, input) => {
    const a = actor(ctx);
    ctx.write(() => ctx.s.records.approveAccess(input.id, input.approve, a), fileNote(input.id, input));
    changed(ctx, input.id);
    return ctx.s.records.detail(input.id, a);
  },
  'files.pendingAccess': (ctx) => ctx.s.records.pendingAccess(actor(ctx)),
  'files.export': async (ctx, input) => {
    const a = actor(ctx);
    const me = ctx.user();
    const dto = ctx.s.records.toDto(ctx.s.records.fileRow(input.id, a), a);
    if (dto.state === 'disposed') throw new AppError('content_disposed', 'Hồ sơ đã tiêu hủy: chỉ còn thông tin mô tả, không xuất được tài liệu.');
    const file = fileMeta(ctx, dto);
    const sources = itemSources(ctx, input.id, a);
    const files: PackageFile[] = [];
    for (const s of sources) {
      for (const f of s.meta.hidden ? [] : s.files) {
        files.push({
          ordinal: s.meta.ordinal,
          name: f.name,
          hash: f.hash,
          size: f.size,
          mime: f.mime,
          read: () => ctx.s.blobs.read(f.hash),
        });
      }
    }
    const { renderFileFrontMatter } = await import('./forms');
    const { writeExportPackage } = await import('./export-package');
    const pkg: ExportPackageInput = {
      org: org(ctx),
      file,
      items: sources.map((s) => s.meta),
      files,
      frontMatter: (items) => renderFileFrontMatter(frontMatter(ctx, file, items), { resourcesDir: ctx.s.env.resourcesDir }),
      exportedAt: ctx.now(),
      exportedBy: me.fullName,
    };
    const stored = await storeStream(ctx, (write) => writeExportPackage(pkg, write, { resourcesDir: ctx.s.env.resourcesDir }));
    const fileName = `${dto.fileCode}.zip`;
    ctx.write(
      () =>
        ctx.s.blobs.record(
          { hash: stored.hash, size: stored.size, kind: 'zip', mime: 'application/zip', macro: false, notes: [], fileName, created: true, textStatus: 'none' },
          me.userId,
        ),
      fileNote(input.id, { hash: stored.hash, size: stored.size, documents: stored.result.documents, pages: stored.result.pages, notMerged: stored.result.notMerged }),
    );
    return { hash: stored.hash, fileName, size: stored.size, documents: stored.result.documents, pages: stored.result.pages };
  },
  'files.printIndex': async (ctx, input) => {
    const a = actor(ctx);
    const dto = ctx.s.records.toDto(ctx.s.records.fileRow(input.id, a), a);
    const items = itemSources(ctx, input.id, a).map((s) => s.meta);
    const { renderFileIndexPdf } = await import('./forms');
    const bytes = await renderFileIndexPdf(frontMatter(ctx, fileMeta(ctx, dto), items), { resourcesDir: ctx.s.env.resourcesDir });
    ctx.write(() => null, fileNote(input.id));
    return { fileName: `muc-luc-${dto.fileCode}.pdf`, mime: 'application/pdf', bytes };
  },
  'files.stats': (ctx, input) => ctx.s.records.stats(input.year),

  'archive.transferForms': async (ctx, input) => {
    const a = actor(ctx);
    const rows = ctx.s.records.filesFor(input.fileIds, a);
    ctx.s.records.checkTransferable(rows);
    const { renderTransferPdf } = await import('./forms');
    const bytes = await renderTransferPdf(
      transferPrint(
        ctx,
        rows.map((r) => ctx.s.records.toDto(r, a)),
        { number: null, date: ctx.today(), deliveredBy: input.deliveredBy ?? '', deliveringUnit: input.deliveringUnit, receivedBy: ctx.user().fullName, notes: null },
      ),
      { resourcesDir: ctx.s.env.resourcesDir },
    );
    ctx.write(() => null, { targetType: 'archive_transfer', details: { fileIds: input.fileIds, preview: true } });
    return { fileName: `nop-luu-du-kien-${ctx.today()}.pdf`, mime: 'application/pdf', bytes };
  },
  'archive.transfer': (ctx, input) => {
    const a = actor(ctx);
    const id = ctx.write(
      () => ctx.s.records.transfer(input, a, ctx.today()),
      (tid) => ({ targetType: 'archive_transfer', targetId: tid, details: { fileIds: input.fileIds, deliveredBy: input.deliveredBy } }),
    );
    const t = ctx.s.records.transferDto(id);
    // Each file's own history shows the handover too.
    ctx.write(() => {
      for (const fid of t.fileIds)
        ctx.s.audit.append({
          at: ctx.now(),
          actorId: a.userId,
          actorName: ctx.user().fullName,
          action: 'archive.transfer',
          outcome: 'ok',
          targetType: 'record_file',
          targetId: fid,
          details: { transferId: id, number: t.number },
          origin: ctx.origin,
        });
    });
    changed(ctx, ...t.fileIds);
    return t;
  },
  'archive.transfers': (ctx, input) => ctx.s.records.transfers(input.year),
  'archive.transferPdf': async (ctx, input) => {
    const a = actor(ctx);
    const t = ctx.s.records.transferDto(input.id);
    const rows = ctx.s.records.filesFor(t.fileIds, a);
    const date = new Date(t.at + 7 * 3_600_000).toISOString().slice(0, 10);
    const { renderTransferPdf } = await import('./forms');
    const bytes = await renderTransferPdf(
      transferPrint(
        ctx,
        rows.map((r) => ctx.s.records.toDto(r, a)),
        { number: t.number, date, deliveredBy: t.deliveredBy, deliveringUnit: t.deliveringUnit, receivedBy: t.receivedBy, notes: t.notes },
      ),
      { resourcesDir: ctx.s.env.resourcesDir },
    );
    ctx.write(() => null, { targetType: 'archive_transfer', targetId: input.id });
    return { fileName: `bien-ban-nop-luu-${t.year}-${t.number}.pdf`, mime: 'application/pdf', bytes };
  },
  'archive.dispose': async (ctx, input) => {
    const a = actor(ctx);
    const r = ctx.write(
      () => {
        const d = ctx.s.records.dispose(input, a, ctx.today());
        for (const fid of [...new Set(input.fileIds)])
          ctx.s.audit.append({
            at: ctx.now(),
            actorId: a.userId,
            actorName: ctx.user().fullName,
            action: 'archive.dispose',
            outcome: 'ok',
            targetType: 'record_file',
            targetId: fid,
            details: { disposalId: d.id, decisionNumber: input.decisionNumber },
            origin: ctx.origin,
          });
        // The bytes go only after this commits; the job is durable, so a crash right after still removes them.
        if (d.remove.length) ctx.s.jobs.enqueue(PURGE_JOB, { disposalId: d.id }, { dedupeKey: `${PURGE_JOB}:${d.id}` });
        return d;
      },
      (d) => ({ targetType: 'disposal', targetId: d.id, details: { ...input, removed: d.remove.length, kept: d.kept } }),
    );
    // Search no longer finds the destroyed text.
    for (const h of r.remove) ctx.s.documents.reindexByBlob(h);
    changed(ctx, ...input.fileIds);
    await ctx.s.jobs.kick();
    return ctx.s.records.disposalDto(r.id);
  },
  'archive.disposals': (ctx) => ctx.s.records.disposals(),
};

/** Notifications to the leaders who approve access changes (inside the caller's transaction); ids for the emit. */
function notifyApprovers(s: Services, text: string): Array<{ userId: number; id: number }> {
  const leaders = s.raw
    .prepare(`SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.status = 'active' AND r.role = 'leader'`)
    .pluck()
    .all() as number[];
  return s.workflow.log.notify(leaders, { kind: 'reminder', text });
}

/** The purge job and the daily transfer alerts (registered by core.ts). */
export function registerRecordsJobs(s: Services): void {
  s.jobs.register(PURGE_JOB, {
    async run(payload) {
      const { disposalId } = payload as { disposalId: number };
      for (const hash of s.records.unpurged(disposalId)) {
        await s.blobs.store.remove(hash);
        s.raw.transaction(() => s.records.markPurged(hash)).immediate();
      }
    },
  });
}

export function runTransferAlerts(s: Services, today: string): number {
  const sent = s.raw
    .transaction(() => {
      const out: Array<{ userId: number; id: number }> = [];
      for (const a of s.records.transferAlerts(today)) {
        out.push(...s.workflow.log.notify(a.userIds, { kind: 'reminder', text: a.text, link: `/ho-so/${a.fileId}` }));
        s.audit.append({
          at: s.env.clock.now(),
          actorId: null,
          actorName: 'hệ thống',
          action: 'files.transferAlert',
          outcome: 'ok',
          targetType: 'record_file',
          targetId: a.fileId,
          details: { text: a.text },
          origin: 'job',
        });
      }
      return out;
    })
    .immediate();
  for (const n of sent) s.events.emit({ name: 'notification.created', data: s.workflow.notification(n.id), to: [n.userId] });
  return sent.length;
}
