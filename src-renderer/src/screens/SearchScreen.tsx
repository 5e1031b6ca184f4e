// Tìm kiếm: one box over every field and the text of attached files, with or without diacritics; results ranked,
// matches highlighted, file passages shown; searches can be saved and results exported.

import { useEffect, useRef, useState } from 'react';
import type { DocTypeDto, DocumentFilters, SavedSearchDto, SearchHit, SearchResult, SearchTotal } from '../../../src-shared/api/documents';
import { vnParts } from '../../../src-shared/calendar/vn-time';
import { DOC_STATUS, formatCode, SEARCH_MAX, subjectStartsWithType, type DocStatus } from '../../../src-shared/documents';
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
  /** The exact count (up to 10,000), asked after the page when the page counted "more than 1,000". */
  const [exact, setExact] = useState<SearchTotal | null>(null);
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
    // A new query replaces the old answer at once: an error never sits beside the previous query's results.
    setResult(null);
    setExact(null);
    setItems([]);
    if (!q.trim()) return;
    let stale = false;
    void run(async () => {
      const r = await call('documents.search', { query: q, filters, limit: PAGE, offset: 0 });
      if (stale) return;
      setResult(r);
      setItems(r.items);
      if (!r.totalExact) {
        // Counting further costs more than the page: the number is refined once it is known.
        const t = await call('documents.searchTotal', { query: q, filters, limit: PAGE, offset: 0 });
        if (!stale) setExact(t);
      }
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
          maxLength={SEARCH_MAX}
          autoFocus
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          Tìm
        </Button>
      </form>
      <div className="toolbar">
        <SelectField
          label="Loại văn bản"
          value={String(filters.docTypeId ?? '')}
          onChange={(v) => set('docTypeId', v ? Number(v) : undefined)}
          options={[{ value: '', label: 'Tất cả' }, ...types.map((t) => ({ value: String(t.id), label: t.name }))]}
        />
        <SelectField
          label="Độ khẩn"
          value={filters.urgentOnly ? 'u' : ''}
          onChange={(v) => set('urgentOnly', v === 'u' || undefined)}
          options={[
            { value: '', label: 'Tất cả' },
            { value: 'u', label: 'Chỉ văn bản khẩn' },
          ]}
        />
        <SelectField
          label="Trạng thái"
          value={filters.status ?? ''}
          onChange={(v) => set('status', (v || undefined) as DocStatus | undefined)}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(DOC_STATUS).map(([value, label]) => ({ value, label }))]}
        />
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
      {!q.trim() && <SearchHelp />}
      {result && result.terms.length === 0 && (
        <div className="empty">
          Từ khóa chưa có chữ hoặc số nào để tìm (chỉ có dấu câu, hoặc chỉ có từ loại trừ). <SearchHelp inline />
        </div>
      )}
      {result && result.terms.length > 0 && (
        <p className="muted" role="status">
          {(exact ?? result).totalExact ? '' : 'Hơn '}
          {(exact ?? result).total.toLocaleString('vi-VN')} văn bản phù hợp với “{q.length > 80 ? `${q.slice(0, 80)}…` : q}” ({result.tookMs.toLocaleString('vi-VN')} ms). Xếp theo:
          khớp ở trích yếu, số ký hiệu, cơ quan trước; rồi các thông tin khác; rồi nội dung tệp — mới nhất trước.
        </p>
      )}
      <ol className="hits">
        {items.map((h) => (
          <li key={h.item.id}>
            <a href={`#/van-ban-den/${h.item.id}`} className="hit">
              <div className="hit-head">
                <span className="num">{h.item.arrivalNumber ? `Số đến ${h.item.arrivalNumber}` : DOC_STATUS[h.item.status]}</span>
                <span className="muted">{fmtDate(vnParts(h.item.receivedAt).date)}</span>
                <span>
                  <Highlighted text={h.item.issuerName} ranges={ranges(h, 'issuerName')} />
                </span>
                <span className="mono">
                  <Highlighted text={formatCode(h.item.codeNumber, h.item.codeNotation)} ranges={ranges(h, 'code')} />
                </span>
                <UrgencyBadge urgency={h.item.urgency} />
                {h.item.restricted && <span className="badge purple">Hạn chế</span>}
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
      {result && result.terms.length > 0 && items.length === 0 && <div className="empty">Không tìm thấy văn bản nào. Thử bớt từ, hoặc gõ phần đầu của từ.</div>}
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

/** How to search: what the box understands, shown on the empty page and on request. */
function SearchHelp({ inline = false }: { inline?: boolean }) {
  const rows: Array<[string, string]> = [
    ['quyet dinh da nang', 'Có dấu hay không dấu đều được; mọi từ phải có, thứ tự nào cũng được; từ cuối có thể gõ dở (“quyet dinh da na”).'],
    ['7/KH-UBND, KH-UBND 7, 07', 'Số, ký hiệu gõ như trên giấy, có hay không có số 0 ở đầu.'],
    ['hop OR hoi nghi', 'OR (chữ in hoa): một trong hai từ đứng hai bên.'],
    ['ngan sach -huyen, ngan sach NOT huyen', 'Dấu trừ đứng ngay trước từ, hoặc NOT (chữ in hoa): loại văn bản có từ đó.'],
    ['tram y te', 'Tìm cả trong nội dung tệp đính kèm (PDF, Word, Excel…); đoạn có từ được hiện bên dưới.'],
  ];
  if (inline) return <span>Ví dụ: “quyet dinh da nang”, “7/KH-UBND”, “hop OR hoi nghi”, “ngan sach -huyen”.</span>;
  return (
    <div className="card search-help" aria-label="Cách tìm">
      <h2>Cách tìm</h2>
      <table className="data">
        <tbody>
          {rows.map(([ex, what]) => (
            <tr key={ex}>
              <td className="mono nowrap">{ex}</td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Tối đa {SEARCH_MAX} ký tự. Kết quả xếp theo nơi khớp (trích yếu, số ký hiệu, cơ quan trước), mới nhất trước.</p>
    </div>
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
