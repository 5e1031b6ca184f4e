// "Lịch công tác": the office's, a unit's and one's own week (tabs), week navigation (←/→, "Tuần này"), the week
// grouped by day with holidays, adjustment badges and double-booking warnings; publishing, printing, .ics export and
// the copy of recurring entries. Hides buttons only; the core decides who may do what.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { ADJUSTMENTS, WEEK_STATES, type ScheduleEntryDto, type ScheduleOwner, type ScheduleWeekDto } from '../../../../src-shared/api/schedule';
import type { UnitDto } from '../../../../src-shared/api/accounts';
import { addDays, todayVn } from '../../../../src-shared/calendar/vn-time';
import { dmy, mondayOf } from '../../../../src-shared/schedule/week';
import { call, saveFile } from '../../api';
import { parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { Button, SelectField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { onCoreEvent } from '../workflow/events';
import { EntryDialog } from './EntryDialog';
import './schedule.css';

type Tab = 'co-quan' | 'don-vi' | 'cua-toi';

const TABS: Array<{ slug: Tab; label: string }> = [
  { slug: 'co-quan', label: 'Lịch cơ quan' },
  { slug: 'don-vi', label: 'Lịch đơn vị' },
  { slug: 'cua-toi', label: 'Lịch của tôi' },
];

const thisMonday = () => mondayOf(todayVn(Date.now()));

export function ScheduleArea() {
  const route = useRoute();
  const { me } = useSession();
  const { path, query } = parseRoute(route);
  const tab = (path.replace(/^\/lich-cong-tac\/?/, '') || 'co-quan') as Tab;
  const weekStart = query.get('tuan') && /^\d{4}-\d{2}-\d{2}$/.test(query.get('tuan')!) ? mondayOf(query.get('tuan')!) : thisMonday();
  const [units, setUnits] = useState<UnitDto[]>([]);
  const [unitId, setUnitId] = useState<number | null>(me.user.unitId ?? null);
  useEffect(() => {
    void call('units.list', {}).then(
      (u) => {
        const active = u.filter((x) => x.active);
        setUnits(active);
        setUnitId((cur) => cur ?? active[0]?.id ?? null);
      },
      () => setUnits([]),
    );
  }, []);

  const go = useCallback((t: Tab, w: string) => {
    window.location.hash = `/lich-cong-tac/${t}${w === thisMonday() ? '' : `?tuan=${w}`}`;
  }, []);

  const owner: ScheduleOwner | null = tab === 'co-quan' ? { kind: 'office' } : tab === 'don-vi' ? (unitId ? { kind: 'unit', id: unitId } : null) : null;

  return (
    <section aria-labelledby="sch-title">
      <div className="page-head wrap">
        <h1 id="sch-title">Lịch công tác</h1>
      </div>
      <nav className="tabs" aria-label="Lịch công tác">
        {TABS.map((t) => (
          <a
            key={t.slug}
            href={`#/lich-cong-tac/${t.slug}${weekStart === thisMonday() ? '' : `?tuan=${weekStart}`}`}
            className={t.slug === tab ? 'active' : ''}
            aria-current={t.slug === tab ? 'page' : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'don-vi' && (
        <div className="toolbar">
          <SelectField
            label="Đơn vị"
            value={unitId ? String(unitId) : ''}
            onChange={(v) => setUnitId(v ? Number(v) : null)}
            options={[...(units.length ? [] : [{ value: '', label: 'Chưa có đơn vị' }]), ...units.map((u) => ({ value: String(u.id), label: u.name }))]}
          />
        </div>
      )}
      <WeekView key={`${tab}:${owner ? JSON.stringify(owner) : 'mine'}`} owner={tab === 'cua-toi' ? null : owner} weekStart={weekStart} onWeek={(w) => go(tab, w)} />
    </section>
  );
}

function WeekView({ owner, weekStart, onWeek }: { owner: ScheduleOwner | null; weekStart: string; onWeek: (w: string) => void }) {
  const mine = owner == null;
  const [week, setWeek] = useState<ScheduleWeekDto | null>(null);
  const [editing, setEditing] = useState<ScheduleEntryDto | 'new' | null>(null);
  const [publishing, setPublishing] = useState(false);
  const { error, run, busy } = useAction();
  const toast = useToast();

  const load = useCallback(
    () =>
      void run(async () => {
        setWeek(mine ? await call('schedule.mine', { weekStart }) : await call('schedule.week', { owner: owner!, weekStart }));
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- owner is keyed by the parent
    [run, weekStart, mine],
  );
  useEffect(load, [load]);
  useEffect(() => onCoreEvent((name, data) => name === 'schedule.changed' && (data as { weekStart?: string }).weekStart === weekStart && load()), [load, weekStart]);

  // ←/→ move by a week; Alt+N adds an entry. Not while typing or while a dialog is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (editing || publishing || (el && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) || document.querySelector('.backdrop')) return;
      if (e.key === 'ArrowLeft' && !e.altKey) onWeek(addDays(weekStart, -7));
      else if (e.key === 'ArrowRight' && !e.altKey) onWeek(addDays(weekStart, 7));
      else if (e.altKey && (e.key === 'n' || e.key === 'N') && week?.canEdit) {
        e.preventDefault();
        setEditing('new');
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editing, publishing, onWeek, weekStart, week]);

  const ref = mine ? ({ mine: true, weekStart } as const) : { owner: owner!, weekStart };
  // In "Lịch của tôi" new entries, the copy and publishing act on one's personal week.
  const own = owner ?? week?.owner ?? null;
  const print = () => void run(async () => saveFile(await call('schedule.print', ref)));
  const ics = () => void run(async () => saveFile(await call('schedule.ics', ref)));
  const copy = () =>
    void run(async () => {
      const r = await call('schedule.copyRecurring', { owner: own!, weekStart });
      toast(r.copied ? 'ok' : 'info', r.copied ? `Đã sao chép ${r.copied} mục lặp lại từ tuần trước.` : 'Không có mục lặp lại nào mới để sao chép.');
      load();
    });
  const publish = () =>
    void run(async () => {
      const w = await call('schedule.publish', { owner: own!, weekStart });
      if (mine) load();
      else setWeek(w);
      setPublishing(false);
      toast('ok', mine ? 'Đã ban hành lịch cá nhân tuần này.' : 'Đã ban hành lịch công tác tuần; người liên quan đã được thông báo.');
    });

  const byDay = useMemo(() => {
    const m = new Map<string, ScheduleEntryDto[]>();
    for (const e of week?.entries ?? []) m.set(e.date, [...(m.get(e.date) ?? []), e]);
    return m;
  }, [week]);

  return (
    <>
      <div className="sch-head">
        <Button small onClick={() => onWeek(addDays(weekStart, -7))} aria-label="Tuần trước" title="Tuần trước (←)">
          ←
        </Button>
        <Button small onClick={() => onWeek(thisMonday())} disabled={weekStart === thisMonday()}>
          Tuần này
        </Button>
        <Button small onClick={() => onWeek(addDays(weekStart, 7))} aria-label="Tuần sau" title="Tuần sau (→)">
          →
        </Button>
        <span className="sch-title">{week ? week.title : `Tuần từ ${dmy(weekStart)}`}</span>
        {week && (
          <span
            className={`badge ${week.state === 'published' ? 'green' : 'orange'}`}
            data-testid="week-state"
            title={mine ? 'Trạng thái lịch cá nhân của bạn trong tuần' : undefined}
          >
            {mine ? `Lịch cá nhân: ${WEEK_STATES[week.state].toLowerCase()}` : WEEK_STATES[week.state]}
          </span>
        )}
        {week && !mine && <span className="muted small">{week.ownerLabel}</span>}
        <span className="spacer" />
        {week?.canEdit && (
          <>
            <Button variant="primary" kbd="Alt+N" onClick={() => setEditing('new')}>
              {mine ? '+ Thêm lịch cá nhân' : '+ Thêm lịch'}
            </Button>
            <Button onClick={copy} busy={busy}>
              Sao chép lịch lặp lại từ tuần trước
            </Button>
          </>
        )}
        {week?.canPublish && (
          <Button variant="primary" onClick={() => setPublishing(true)}>
            Ban hành
          </Button>
        )}
        <Button onClick={print} busy={busy}>
          In lịch (PDF)
        </Button>
        <Button onClick={ics}>Xuất .ics</Button>
      </div>
      {week?.publishedAt && !mine && (
        <p className="muted small">
          Ban hành bởi {week.publishedBy} lúc {new Date(week.publishedAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}. Thay đổi sau khi ban hành được đánh dấu điều
          chỉnh và thông báo cho người liên quan.
        </p>
      )}
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data sch-week">
          <thead>
            <tr>
              <th>Thứ/ngày</th>
              <th>Thời gian</th>
              <th>Nội dung</th>
              <th>Chủ trì</th>
              <th>Thành phần</th>
              <th>Địa điểm</th>
              <th>Chuẩn bị</th>
            </tr>
          </thead>
          <tbody>
            {(week?.days ?? []).flatMap((d) => {
              const entries = byDay.get(d.date) ?? [];
              const dayCell = (
                <td className={`sch-day${d.dayOff ? ' off' : ''}`} rowSpan={Math.max(entries.length, 1)}>
                  <div className="sch-weekday">{d.weekday}</div>
                  <div>{dmy(d.date).slice(0, 5)}</div>
                  <div className="muted small">Âm lịch {d.lunar}</div>
                  {d.holidays.map((h) => (
                    <div key={h} className="sch-holiday">
                      {h}
                    </div>
                  ))}
                </td>
              );
              if (!entries.length)
                return [
                  <tr key={d.date} className="sch-day-start" data-date={d.date}>
                    {dayCell}
                    <td colSpan={6} className="muted" />
                  </tr>,
                ];
              return entries.map((e, i) => (
                <EntryRow key={e.id} entry={e} first={i === 0} dayCell={i === 0 ? dayCell : null} mine={mine} onOpen={() => e.canEdit && setEditing(e)} />
              ));
            })}
          </tbody>
        </table>
        {week && week.entries.length === 0 && (
          <div className="empty">
            {mine ? 'Tuần này bạn chưa có lịch nào.' : week.state === 'draft' && !week.canEdit ? 'Lịch tuần này chưa được ban hành.' : 'Chưa có mục lịch nào trong tuần.'}
          </div>
        )}
      </div>
      {editing && week && own && (
        <EntryDialog
          owner={editing === 'new' ? own : editing.owner}
          week={week}
          state={editing === 'new' ? week.state : editing.weekState}
          entry={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(msg) => {
            setEditing(null);
            if (msg) toast('info', msg);
            load();
          }}
        />
      )}
      {publishing && week && (
        <ActionDialog title="Ban hành lịch công tác" action="Ban hành" busy={busy} onClose={() => setPublishing(false)} onAction={publish}>
          <p>
            Ban hành {mine ? 'lịch cá nhân ' : ''}
            {week.title.toLowerCase()} — {week.ownerLabel}: {week.entries.filter((e) => !e.cancelled && e.weekId === week.id).length} mục lịch. Người chủ trì, người và đơn vị tham
            dự sẽ nhận được thông báo.
          </p>
          <p className="muted small">Sau khi ban hành, mọi thay đổi được đánh dấu "điều chỉnh" và thông báo lại cho người liên quan.</p>
        </ActionDialog>
      )}
    </>
  );
}

function EntryRow({ entry: e, first, dayCell, mine, onOpen }: { entry: ScheduleEntryDto; first: boolean; dayCell: React.ReactNode; mine: boolean; onOpen: () => void }) {
  const editable = e.canEdit;
  return (
    <tr
      className={[first ? 'sch-day-start' : '', e.cancelled ? 'sch-cancelled' : ''].filter(Boolean).join(' ')}
      tabIndex={editable ? 0 : undefined}
      onClick={editable ? onOpen : undefined}
      onKeyDown={(k) => editable && k.key === 'Enter' && k.target === k.currentTarget && onOpen()}
      aria-label={`${e.time}: ${e.content}${e.cancelled ? ' (đã hủy)' : ''}`}
      data-entry={e.id}
    >
      {dayCell}
      <td className="sch-time">{e.time}</td>
      <td>
        <span className="sch-content">{e.content}</span>{' '}
        {e.adjustment && <span className={`badge ${e.adjustment === 'cancelled' ? 'red' : e.adjustment === 'added' ? 'blue' : 'orange'}`}>{ADJUSTMENTS[e.adjustment]}</span>}
        {e.recurring && !e.cancelled && (
          <span className="badge" title="Lặp lại hằng tuần">
            ↻
          </span>
        )}
        {mine && <div className="sch-owner">{e.ownerLabel}</div>}
        {e.notes && <div className="muted small prewrap">{e.notes}</div>}
        {e.files.length > 0 && (
          <div className="sch-files">
            {e.files.map((f) => (
              <a
                key={f.hash}
                href="#"
                onClick={(ev) => {
                  ev.preventDefault();
                  ev.stopPropagation();
                  void call('schedule.file', { entryId: e.id, hash: f.hash }).then(saveFile);
                }}
              >
                📎 {f.fileName}
              </a>
            ))}
          </div>
        )}
        {e.clashes.length > 0 && (
          <div className="sch-clash" role="note">
            ⚠ Trùng lịch:{' '}
            {e.clashes.map((c) => (
              <div key={c.entryId}>
                {c.people.join(', ')} — {c.time} {c.content} ({c.ownerLabel})
              </div>
            ))}
          </div>
        )}
        {e.history.length > 0 && (
          <details className="muted small" onClick={(ev) => ev.stopPropagation()}>
            <summary>Lịch sử điều chỉnh ({e.history.length})</summary>
            {e.history.map((h, i) => (
              <div key={i}>
                {new Date(h.at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} — {h.by}: {h.text}
              </div>
            ))}
          </details>
        )}
      </td>
      <td>{e.chair}</td>
      <td>{e.participants.map((p) => p.name).join(', ')}</td>
      <td>{e.place}</td>
      <td>{e.prep}</td>
    </tr>
  );
}
