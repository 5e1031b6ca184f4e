// The "Văn bản đến" area: routes to the list tabs, the registration and intake forms, a document, the import,
// the scan tray.

import { useEffect } from 'react';
import { navigate, parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { ImportScreen } from './ImportScreen';
import { IncomingDetailView } from './IncomingDetailView';
import { IncomingList, linkFilters } from './IncomingList';
import { ReceiveForm } from './ReceiveForm';
import { RegisterForm } from './RegisterForm';
import { ScanScreen } from './ScanScreen';

export function IncomingArea() {
  const route = useRoute();
  const { can } = useSession();
  const { path, query } = parseRoute(route);
  const rest = path.replace(/^\/van-ban-den\/?/, '');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'n' || e.key === 'N') && can('incoming.register')) {
        e.preventDefault();
        navigate('/van-ban-den/vao-so');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [can]);

  // Opened from a link with filters (the dashboard): a fresh list for each link.
  if (rest === '') return <IncomingList key={query.toString()} tab="register" initial={linkFilters(query)} />;
  if (rest === 'cho-vao-so') return <IncomingList tab="pending" />;
  if (rest === 'tu-choi') return <IncomingList tab="refused" />;
  if (rest === 'vao-so') {
    const from = Number(query.get('tu'));
    // Opened from the scan tray: the document made from a batch, with its fields read from the page (prefill).
    const batchId = Number(query.get('import'));
    const index = Number(query.get('doc'));
    const fromImport = batchId > 0 && index > 0 ? { batchId, index } : undefined;
    return <RegisterForm key={route} pendingId={from > 0 ? from : undefined} fromImport={fromImport} />;
  }
  if (rest === 'tiep-nhan') return <ReceiveForm />;
  if (rest === 'nhap-so-cu') return <ImportScreen />;
  if (rest === 'quet' && can('incoming.register')) {
    const lo = Number(query.get('lo'));
    return <ScanScreen batchId={lo > 0 ? lo : null} />;
  }
  const edit = rest.match(/^(\d+)\/sua$/);
  if (edit) return <RegisterForm key={route} editId={Number(edit[1])} />;
  const id = rest.match(/^(\d+)$/);
  if (id) return <IncomingDetailView key={id[1]} id={Number(id[1])} />;
  return <IncomingList tab="register" />;
}
