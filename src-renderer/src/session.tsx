// Who is logged in, and the actions that change it. Screens read `useSession()`; only App decides what to show.

import { createContext, useContext } from 'react';
import type { MeDto } from '../../src-shared/api/accounts';
import type { Permission } from '../../src-shared/permissions';

export interface SessionValue {
  me: MeDto;
  can(p: Permission): boolean;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

export const SessionCtx = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const s = useContext(SessionCtx);
  if (!s) throw new Error('useSession outside a session');
  return s;
}
