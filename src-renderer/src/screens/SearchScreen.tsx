// Tìm kiếm: one box over every field and the text of attached files, with or without diacritics; results ranked,
// matches highlighted, file passages shown; searches can be saved and results exported.

import { useEffect, useRef, useState } from 'react';
import type { DocTypeDto, DocumentFilters, SavedSearchDto, SearchHit, SearchResult } from '../../../src-shared/api/incoming';
import { vnParts } from '../../../src-shared/calendar/vn-time';
import { DOC_STATUS, formatCode, subjectStartsWithType, type DocStatus } from '../../../src-shared/documents';
import { call, saveFile } from '../api';
import { fmtDate } from '../format';
import { navigate, parseRoute, useRoute } from '../router';
import { useSession } from '../session';
import { Button, SelectField, TextField } from '../ui/Controls';
import { ActionDialog } from '../ui/Dialog';
import { ErrorBanner, useToast } from '../ui/Feedback';
import { Icon } from '../ui/Icons';
import { useAction } from '../ui/useAction';
import { Highlighted, StatusBadge, UrgencyBadge } from './incoming/bits';

const PAGE = 20;

function ranges(hit: SearchHit, field: string) {
  return hit.highlights.find((h) => h.field === field)?.ranges;
}

export function SearchScreen() {
  const { can } = useSession();
  const toast = useToast();
  const { query: params } = parseRoute(useRoute());
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [filters, setFilters] = useState<DocumentFilters>({ direction: 'in' });
  const [result, setResult] = useState<SearchResult | null>(null);
  const [items, setItems] = useState<SearchHit[]>([]);
  const { busy, error, run } = useAction();
  const [types, setTypes] = useState<DocTypeDto[]>([]);
  const [saved, setSaved] = useState<SavedSearchDto[]>([]);
  const [naming, setNaming] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void call('doctypes.list', {}).then(setTypes, () => {});
    void call('searches.list', {}).then(setSaved, () => {});
  }, []);
  useEffect(() => setText(q), [q]);

  useEffect(() => {
    if (!q.trim()) return setResult(null);
    let stale = false;
    void run(async () => {
      const r = await call('documents.search', { query: q, filters, limit: PAGE, offset: 0 });
      if (stale) return;
      setResult(r);
      setItems(r.items);
    });
    return () => {
      stale = true;
    };
  }, [q, filters, run]);

  const more = async () => {
    const r = await call('documents.search', { query: q, filters, limit: PAGE, offset: items.length });
    setItems((xs) => [...xs, ...r.items]);
  };

  const exportAs = async (format: 'xlsx' | 'pdf') => {
    try {
      saveFile(await call('documents.export', { query: q, filters, format }));
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };

  const set = <K extends keyof DocumentFilters>(k: K, v: DocumentFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <section className="stack" aria-labelledby="search-title">
      <div className="page-head">
        <h1 id="search-title">Tìm kiếm văn bản</h1>
      </div>
      <form
        className="search-bar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/tim-kiem?q=${encodeURIComponent(text)}`);
        }}
      >
        <Icon name="search" />
        <input
          ref={input}
          className="input big"
          aria-label="Từ khóa tìm kiếm"
          placeholder="Trích yếu, số ký hiệu, cơ quan, người ký, nội dung tệp… gõ không dấu cũng được"
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          Tìm
        </Button>
      </form>
      <div className="toolbar">
        <SelectField label="Loại văn bản" value={String(filters.docTypeId ?? '')} onChange={(v) => set('docTypeId', v ? Number(v) : undefined)} options={[{ value: '', label: 'Tất cả' }, ...types.map((t) => ({ value: String(t.id), label: t.name }))]} />
        <SelectField label="Độ khẩn" value={filters.urgentOnly ? 'u' : ''} onChange={(v) => set('urgentOnly', v === 'u' || undefined)} options={[{ value: '', label: 'Tất cả' }, { value: 'u', label: 'Chỉ văn bản khẩn' }]} />
        <SelectField label="Trạng thái" value={filters.status ?? ''} onChange={(v) => set('status', (v || undefined) as DocStatus | undefined)} options={[{ value: '', label: 'Tất cả' }, ...Object.entries(DOC_STATUS).map(([value, label]) => ({ value, label }))]} />
        <span className="spacer" />
        {saved.length > 0 && (
          <SelectField
            label="Tìm kiếm đã lưu"
            value=""
            onChange={(v) => {
              const s = saved.find((x) => String(x.id) === v);
              if (!s) return;
              setFilters(s.filters);
              navigate(`/tim-kiem?q=${encodeURIComponent(s.query)}`);
            }}
            options={[{ value: '', label: '— Chọn —' }, ...saved.map((s) => ({ value: String(s.id), label: s.name }))]}
          />
        )}
        {q && (
          <Button small onClick={() => setNaming(true)}>
            Lưu tìm kiếm
          </Button>
        )}
        {q && can('documents.export') && (
          <>
            <Button small onClick={() => void exportAs('xlsx')}>
              Xuất Excel
            </Button>
            <Button small onClick={() => void exportAs('pdf')}>
              Xuất PDF
            </Button>
          </>
        )}
      </div>
      <ErrorBanner error={error} />
      {result && (
        <p className="muted" role="status">
          {result.totalExact ? '' : 'Hơn '}
          {result.total.toLocaleString('vi-VN')} văn bản phù hợp với “{q}” ({result.tookMs.toLocaleString('vi-VN')} ms). Xếp theo: khớp ở trích yếu, số ký hiệu, cơ quan
          trước; rồi các thông tin khác; rồi nội dung tệp — mới nhất trước.
        </p>
      )}
      <ol className="hits">
        {items.map((h) => (
          <li key={h.item.id}>
            <a href={`#/van-ban-den/${h.item.id}`} className="hit">
              <div className="hit-head">
                <span className="num">{h.item.arrivalNumber ? `Số đến ${h.item.arrivalNumber}` : DOC_STATUS[h.item.status]}</span>
                <span className="muted">{fmtDate(vnParts(h.item.arrivalAt).date)}</span>
                <span>
                  <Highlighted text={h.item.issuerName} ranges={ranges(h, 'issuerName')} />
                </span>
                <span className="mono">
                  <Highlighted text={formatCode(h.item.codeNumber, h.item.codeNotation)} ranges={ranges(h, 'code')} />
                </span>
                <UrgencyBadge urgency={h.item.urgency} />
                <StatusBadge status={h.item.status} handling={h.item.handlingStatus} overdue={h.item.overdue} />
              </div>
              <div className="hit-subject">
                {h.item.typeName && !subjectStartsWithType(h.item.typeName, h.item.subject) && (
                  <span className="type">
                    <Highlighted text={h.item.typeName} ranges={ranges(h, 'typeName')} />
                  </span>
                )}{' '}
                <Highlighted text={h.item.subject} ranges={ranges(h, 'subject')} />
              </div>
              {h.snippet && (
                <div className="hit-snippet">
                  <Icon name="file" size={14} /> <span className="muted">{h.snippet.fileName}:</span> <Highlighted text={h.snippet.text} ranges={h.snippet.ranges} />
                </div>
              )}
            </a>
          </li>
        ))}
      </ol>
      {result && items.length === 0 && <div className="empty">Không tìm thấy văn bản nào. Thử bớt từ, hoặc gõ phần đầu của từ.</div>}
      {result && items.length < result.total && (
        <div>
          <Button onClick={() => void more()}>Xem thêm kết quả</Button>
        </div>
      )}
      {naming && (
        <SaveSearchDialog
          onClose={() => setNaming(false)}
          onSave={async (name) => {
            const s = await call('searches.save', { name, query: q, filters });
            setSaved((xs) => [s, ...xs]);
            toast('ok', `Đã lưu tìm kiếm “${name}”.`);
          }}
        />
      )}
    </section>
  );
}

function SaveSearchDialog({ onClose, onSave }: { onClose: () => void; onSave: (name: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const { error, run } = useAction();
  const go = () =>
    run(async () => {
      await onSave(name);
      onClose();
    });
  return (
    <ActionDialog title="Lưu tìm kiếm" onClose={onClose} action="Lưu" onAction={go}>
      <ErrorBanner error={error} />
      <TextField label="Tên" value={name} onChange={setName} onKeyDown={(e) => e.key === 'Enter' && void go()} />
    </ActionDialog>
  );
}

