// The main layout: navigation for every area (Alt+1…7), the top bar with the office and the user menu, and the
// routed content. Areas not built yet are shown disabled and labelled "sắp có", never as empty pages.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { SEARCH_MAX } from '../../../src-shared/documents';
import { ROLE_LABELS, type Permission } from '../../../src-shared/permissions';
import { navigate, parseRoute, useRoute } from '../router';
import { useSession } from '../session';
import { Dialog } from '../ui/Dialog';
import { useToast } from '../ui/Feedback';
import { Icon, type IconName } from '../ui/Icons';
import { AuditScreen } from './AuditScreen';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SettingsScreen } from './SettingsScreen';
import { UnitsScreen } from './UnitsScreen';
import { UsersScreen } from './UsersScreen';
import { SearchScreen } from './SearchScreen';
import { DashboardScreen } from './dashboard/DashboardScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { IncomingArea } from './incoming/IncomingArea';
import { AccountRequestsScreen } from './admin/AccountRequestsScreen';
import { AgenciesScreen } from './admin/AgenciesScreen';
import { BackupScreen } from './admin/BackupScreen';
import { CalendarScreen } from './admin/CalendarScreen';
import { DocTypesScreen } from './admin/DocTypesScreen';
import { JobsScreen } from './admin/JobsScreen';
import { RegistersScreen } from './admin/RegistersScreen';
import { ReviewChainScreen } from './admin/ReviewChainScreen';
import { OutgoingArea } from './outgoing/OutgoingArea';
import { RecordsArea } from './records/RecordsArea';
import { ScheduleArea } from './schedule/ScheduleArea';
import { MySignatureDialog } from './signing/MySignatureDialog';
import { SigningScreen } from './signing/SigningScreen';
import { SyncChip, SYNC_PATH } from './sync/common';
import { SyncScreen } from './sync/SyncScreen';
import { NotificationBell } from './workflow/NotificationBell';
import { WorkflowArea } from './workflow/WorkflowArea';
import { onCoreEvent } from './workflow/events';
import { call } from '../api';
import type { InboxCounts } from '../../../src-shared/api/workflow';

interface Area {
  path: string;
  label: string;
  icon: IconName;
  /** Null while the area is not built. */
  render: (() => ReactNode) | null;
  permission?: Permission;
  /** Shown when the person holds any of these (instead of one `permission`). */
  anyOf?: Permission[];
}

export const AREAS: Area[] = [
  { path: '/tong-quan', label: 'Tổng quan', icon: 'home', render: () => <DashboardScreen /> },
  { path: '/van-ban-den', label: 'Văn bản đến', icon: 'inbox', render: () => <IncomingArea />, permission: 'documents.read' },
  { path: '/van-ban-di', label: 'Văn bản đi', icon: 'outbox', render: () => <OutgoingArea />, permission: 'documents.read' },
  { path: '/viec-can-xu-ly', label: 'Việc cần xử lý', icon: 'tasks', render: () => <WorkflowArea /> },
  { path: '/ho-so', label: 'Hồ sơ', icon: 'folder', render: () => <RecordsArea /> },
  { path: '/lich-cong-tac', label: 'Lịch công tác', icon: 'calendar', render: () => <ScheduleArea /> },
  { path: '/bao-cao', label: 'Báo cáo', icon: 'chart', render: () => <ReportsScreen />, anyOf: ['workflow.follow', 'users.manage'] },
  { path: SYNC_PATH, label: 'Liên thông', icon: 'sync', render: () => <SyncScreen />, permission: 'sync.run' },
];

const ADMIN: Area[] = [
  { path: '/quan-tri/nguoi-dung', label: 'Người dùng', icon: 'user', render: () => <UsersScreen />, permission: 'users.manage' },
  { path: '/quan-tri/de-nghi-tai-khoan', label: 'Đề nghị tài khoản', icon: 'user', render: () => <AccountRequestsScreen />, permission: 'users.manage' },
  { path: '/quan-tri/don-vi', label: 'Đơn vị', icon: 'building', render: () => <UnitsScreen />, permission: 'users.manage' },
  { path: '/quan-tri/cau-hinh', label: 'Cấu hình cơ quan', icon: 'gear', render: () => <SettingsScreen />, permission: 'settings.manage' },
  { path: '/quan-tri/so-van-ban', label: 'Sổ văn bản', icon: 'book', render: () => <RegistersScreen />, permission: 'registers.manage' },
  { path: '/quan-tri/loai-van-ban', label: 'Loại văn bản', icon: 'tag', render: () => <DocTypesScreen />, permission: 'doctypes.manage' },
  { path: '/quan-tri/co-quan', label: 'Danh mục cơ quan', icon: 'building', render: () => <AgenciesScreen />, permission: 'agencies.manage' },
  { path: '/quan-tri/lich-nghi', label: 'Lịch nghỉ, làm bù', icon: 'calendar', render: () => <CalendarScreen />, permission: 'calendar.manage' },
  { path: '/quan-tri/nhat-ky', label: 'Nhật ký hệ thống', icon: 'log', render: () => <AuditScreen />, permission: 'audit.read' },
  { path: '/quan-tri/quy-trinh-duyet', label: 'Quy trình duyệt', icon: 'gear', render: () => <ReviewChainScreen />, permission: 'settings.manage' },
  { path: '/quan-tri/cong-viec-nen', label: 'Công việc nền', icon: 'tasks', render: () => <JobsScreen />, permission: 'settings.manage' },
  { path: '/quan-tri/chu-ky-so', label: 'Chữ ký số', icon: 'sign', render: () => <SigningScreen />, anyOf: ['settings.manage', 'signing.seal'] },
  { path: '/quan-tri/sao-luu', label: 'Sao lưu, phục hồi', icon: 'download', render: () => <BackupScreen />, permission: 'backup.manage' },
];

export function Shell({ onTokenChanged }: { onTokenChanged: () => void }) {
  const { me, can, logout } = useSession();
  const route = useRoute();
  const toast = useToast();
  const [menuOpen, setMenuOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const [signatureImage, setSignatureImage] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  // Phone width: the navigation is a panel opened from the top bar's menu button.
  const [navOpen, setNavOpen] = useState(false);
  const counts = useCounts();

  // Computed once per session (`can` changes only with it), so the effects below do not rerun on every render.
  const admin = useMemo(() => ADMIN.filter((a) => (!a.permission || can(a.permission)) && (!a.anyOf || a.anyOf.some((p) => can(p)))), [can]);
  // The main areas the person may open (Liên thông only for the clerk and the admin); those not built yet show to all.
  const areas = useMemo(() => AREAS.filter((a) => !a.render || ((!a.permission || can(a.permission)) && (!a.anyOf || a.anyOf.some((p) => can(p))))), [can]);
  const available = useMemo(() => [...areas.filter((a) => a.render), ...admin], [areas, admin]);
  const path = parseRoute(route).path;
  const searchArea: Area = { path: '/tim-kiem', label: 'Tìm kiếm', icon: 'search', render: () => <SearchScreen />, permission: 'documents.read' };
  const active = [...available, ...(can('documents.read') ? [searchArea] : [])].find((a) => path === a.path || path.startsWith(`${a.path}/`));
  const [searchText, setSearchText] = useState('');
  const searchBox = useRef<HTMLInputElement>(null);
  // On the search page the top box shows the query being shown; elsewhere it starts empty.
  const shownQuery = path === '/tim-kiem' ? (parseRoute(route).query.get('q') ?? '') : '';
  useEffect(() => setSearchText(shownQuery), [shownQuery]);

  // The first screen: Tổng quan; the văn thư starts on the register, where the day's work arrives.
  const home = (can('incoming.register') && available.find((a) => a.path === '/van-ban-den')) || available[0];
  useEffect(() => {
    if (!active && home) navigate(home.path);
  }, [active, home]);
  useEffect(() => setNavOpen(false), [route]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // "/" puts the cursor in the search box from anywhere but a text field.
      const typing = e.target instanceof HTMLElement && (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      if (e.key === '/' && !typing && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        searchBox.current?.focus();
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const all = [...areas, ...admin];
      if (n >= 1 && n <= all.length && all[n - 1].render) {
        e.preventDefault();
        navigate(all[n - 1].path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [areas, admin]);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: MouseEvent) => !menuRef.current?.contains(e.target as Node) && setMenuOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menuOpen]);

  let key = 0;
  const navItem = (a: Area) => {
    key++;
    const shortcut = key <= 9 ? `Alt+${key}` : undefined;
    return (
      <li key={a.path}>
        {a.render ? (
          <a href={`#${a.path}`} className={active?.path === a.path ? 'active' : ''} aria-current={active?.path === a.path ? 'page' : undefined} title={shortcut}>
            <Icon name={a.icon} />
            {a.label}
            {a.path === '/viec-can-xu-ly' && counts && counts.open > 0 && (
              <span className="nav-counts">
                <span className="nav-count" title="Việc đang chờ xử lý" aria-label={`${counts.open} việc đang chờ`}>
                  {counts.open}
                </span>
                {counts.overdue > 0 && (
                  <span className="nav-count red" title="Việc quá hạn" aria-label={`${counts.overdue} việc quá hạn`}>
                    {counts.overdue}
                  </span>
                )}
              </span>
            )}
          </a>
        ) : (
          <span className="disabled" aria-disabled="true" title="Chức năng sẽ có trong phiên bản tới">
            <Icon name={a.icon} />
            {a.label}
            <span className="soon">sắp có</span>
          </span>
        )}
      </li>
    );
  };

  return (
    <div className={`shell${navOpen ? ' nav-open' : ''}`}>
      <nav className="nav" aria-label="Điều hướng chính">
        <div className="brand">
          <span className="logo" aria-hidden>
            V
          </span>
          VănThư
        </div>
        <ul>{areas.map(navItem)}</ul>
        {admin.length > 0 && (
          <>
            <div className="group">Quản trị</div>
            <ul>{admin.map(navItem)}</ul>
          </>
        )}
        <div className="foot">Phím tắt: Alt+1 … Alt+9 để chuyển mục</div>
      </nav>
      <header className="topbar">
        <button type="button" className="btn ghost nav-toggle" aria-label="Mở danh mục" aria-expanded={navOpen} onClick={() => setNavOpen(!navOpen)}>
          ☰
        </button>
        <div className="org">
          {me.org?.name}
          <small>{me.org?.parentName ?? ''}</small>
        </div>
        <span className="spacer" />
        {can('documents.read') && (
          <form
            className="top-search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              if (searchText.trim()) navigate(`/tim-kiem?q=${encodeURIComponent(searchText.trim())}`);
            }}
          >
            <Icon name="search" size={16} />
            <input
              ref={searchBox}
              aria-label="Tìm văn bản"
              placeholder="Tìm văn bản (phím /)"
              value={searchText}
              maxLength={SEARCH_MAX}
              onChange={(e) => setSearchText(e.target.value)}
            />
          </form>
        )}
        <SyncChip canOpen={can('sync.run')} />
        <NotificationBell />
        <div className="user-menu" ref={menuRef}>
          <button
            type="button"
            className="btn ghost"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            aria-label={`Tài khoản ${me.user.fullName}`}
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <Icon name="user" /> <span className="user-name">{me.user.fullName}</span> ▾
          </button>
          {menuOpen && (
            <div className="menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}>
              <div className="who">
                <strong>{me.user.fullName}</strong>
                <div className="muted">
                  {me.user.username} · {me.user.roles.map((r) => ROLE_LABELS[r]).join(', ')}
                </div>
              </div>
              <button
                type="button"
                role="menuitem"
                autoFocus
                onClick={() => {
                  setMenuOpen(false);
                  setChanging(true);
                }}
              >
                Đổi mật khẩu
              </button>
              {can('signing.use') && (
                <button
                  type="button"
                  role="menuitem"
                  onClick={() => {
                    setMenuOpen(false);
                    setSignatureImage(true);
                  }}
                >
                  Ảnh chữ ký của tôi
                </button>
              )}
              <button type="button" role="menuitem" onClick={() => void logout()}>
                Đăng xuất
              </button>
            </div>
          )}
        </div>
      </header>
      <main className="main">{active?.render?.()}</main>
      {signatureImage && <MySignatureDialog onClose={() => setSignatureImage(false)} />}
      {changing && (
        <Dialog title="Đổi mật khẩu" onClose={() => setChanging(false)}>
          <ChangePasswordForm
            policy={me.policy}
            username={me.user.username}
            onCancel={() => setChanging(false)}
            onDone={() => {
              // The host has already put the fresh session in place (cookie or the desktop main process).
              setChanging(false);
              onTokenChanged();
              toast('ok', 'Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.');
            }}
          />
        </Dialog>
      )}
    </div>
  );
}

/** The navigation's counts of Việc cần xử lý, kept current by the core's events. */
function useCounts(): InboxCounts | null {
  const [counts, setCounts] = useState<InboxCounts | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      call('workflow.counts', {}).then(
        (c) => alive && setCounts(c),
        () => {},
      );
    void load();
    const off = onCoreEvent((name) => (name === 'workflow.changed' || name === 'notification.created') && void load());
    return () => {
      alive = false;
      off();
    };
  }, []);
  return counts;
}
