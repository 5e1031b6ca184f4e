// The "Văn bản đến" area: routes to the list tabs, the registration and intake forms, a document, the import.

import { useEffect } from 'react';
import { navigate, parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { ImportScreen } from './ImportScreen';
import { IncomingDetailView } from './IncomingDetailView';
import { IncomingList } from './IncomingList';
import { ReceiveForm } from './ReceiveForm';
import { RegisterForm } from './RegisterForm';

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

  if (rest === '') return <IncomingList tab="register" />;
  if (rest === 'cho-vao-so') return <IncomingList tab="pending" />;
  if (rest === 'tu-choi') return <IncomingList tab="refused" />;
  if (rest === 'vao-so') {
    const from = Number(query.get('tu'));
    return <RegisterForm key={route} pendingId={from > 0 ? from : undefined} />;
  }
  if (rest === 'tiep-nhan') return <ReceiveForm />;
  if (rest === 'nhap-so-cu') return <ImportScreen />;
  const edit = rest.match(/^(\d+)\/sua$/);
  if (edit) return <RegisterForm key={route} editId={Number(edit[1])} />;
  const id = rest.match(/^(\d+)$/);
  if (id) return <IncomingDetailView key={id[1]} id={Number(id[1])} />;
  return <IncomingList tab="register" />;
}
