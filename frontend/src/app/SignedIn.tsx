import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { NotSignedIn, SIGN_IN_PATH } from '../lib/api';
import { type Me, useMe } from './me';
import { ErrorState, Loading } from './states';

/** Draws its children once the service says who you are; the sign-in screen when nobody is. */
export function SignedIn({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  if (me.isPending) {
    return <Loading what="who you are" />;
  }
  if (me.error instanceof NotSignedIn) {
    return <Navigate to={SIGN_IN_PATH} replace />;
  }
  if (me.isError) {
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  return children(me.data);
}
