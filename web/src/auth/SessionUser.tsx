import { createContext, useContext } from 'react';
import type { CurrentUser } from '../api/types';

export const SessionUserContext = createContext<CurrentUser | null>(null);

/** The logged-in user; only pages inside the session gate may ask. */
export function useSessionUser(): CurrentUser {
  const user = useContext(SessionUserContext);
  if (!user) throw new Error('useSessionUser outside the session gate');
  return user;
}
