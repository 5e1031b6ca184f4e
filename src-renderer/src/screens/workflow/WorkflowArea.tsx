// The "Việc cần xử lý" area: the inbox, and Theo dõi (leaders' directed work, overdue reports).

import { parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { FollowUpScreen } from './FollowUpScreen';
import { InboxScreen } from './InboxScreen';

export function WorkflowArea() {
  const { path } = parseRoute(useRoute());
  const { can } = useSession();
  if (path === '/viec-can-xu-ly/theo-doi' && (can('workflow.direct') || can('workflow.follow'))) return <FollowUpScreen />;
  return <InboxScreen />;
}
