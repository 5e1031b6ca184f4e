// The "Hồ sơ" area: routes to my files, all files, one file, the Danh mục hồ sơ editor, the office archive and the
// retention table. Each screen checks nothing itself beyond hiding what the person cannot do; the core decides.

import { parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { ArchiveScreen } from './ArchiveScreen';
import { FileDetailView } from './FileDetailView';
import { FileList } from './FileList';
import { FilePlanEditor } from './FilePlanEditor';
import { RetentionEditor } from './RetentionEditor';

export function RecordsArea() {
  const route = useRoute();
  const { can } = useSession();
  const rest = parseRoute(route).path.replace(/^\/ho-so\/?/, '');

  if (rest === 'tat-ca') return <FileList key="all" mine={false} />;
  if (rest === 'danh-muc') return <FilePlanEditor />;
  if (rest === 'luu-tru' && can('records.archive')) return <ArchiveScreen />;
  if (rest === 'thoi-han') return <RetentionEditor />;
  const id = rest.match(/^(\d+)$/);
  if (id) return <FileDetailView key={id[1]} id={Number(id[1])} />;
  // Those who keep no files of their own (the admin) start on the whole list.
  return can('records.manage') ? <FileList key="mine" mine /> : <FileList key="all" mine={false} />;
}
