// The "Văn bản đi" area: routes to the list tabs, the draft form (new, reply to an incoming document, new version
// of a draft) and one outgoing document. Alt+N opens a new draft for whoever may draft.

import { useEffect } from 'react';
import { navigate, parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { DraftForm } from './DraftForm';
import { OutgoingDetailView } from './OutgoingDetailView';
import { OUT_TABS, OutgoingList, type OutTab } from './OutgoingList';

export function OutgoingArea() {
  const route = useRoute();
  const { can } = useSession();
  const { path, query } = parseRoute(route);
  const rest = path.replace(/^\/van-ban-di\/?/, '');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'n' || e.key === 'N') && can('outgoing.draft')) {
        e.preventDefault();
        navigate('/van-ban-di/moi');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [can]);

  if (rest === 'moi') {
    const replyTo = Number(query.get('replyTo'));
    return <DraftForm key={route} replyToId={replyTo > 0 ? replyTo : undefined} />;
  }
  const edit = rest.match(/^(\d+)\/sua$/);
  if (edit) return <DraftForm key={route} editId={Number(edit[1])} />;
  const id = rest.match(/^(\d+)$/);
  if (id) return <OutgoingDetailView key={id[1]} id={Number(id[1])} />;
  const tab = (Object.keys(OUT_TABS) as OutTab[]).find((t) => OUT_TABS[t].slug === rest);
  return <OutgoingList tab={tab ?? 'mine'} />;
}
