import { Navigate } from 'react-router';
import { NotSignedIn, SIGN_IN_PATH } from '../lib/api';
import { useMe, workspaceKey } from './me';
import { pathOf } from './paths';
import { useShell } from './Shell';
import { Empty, ErrorState, Loading } from './states';

/** `/`: the first of your workspaces. */
export function Start() {
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
  const first = me.data.workspaces[0];
  if (first === undefined) {
    return (
      <Empty title="You are not in any workspace yet">
        <p>Ask a workspace owner or admin to invite {me.data.user?.email ?? 'you'}, then open the invitation link.</p>
      </Empty>
    );
  }
  return <Navigate to={pathOf({ workspace: workspaceKey(first), page: 'home' })} replace />;
}

/** `/w/{workspace}`: the workspace's first project, or how to make one. */
export function WorkspaceStart() {
  const { workspaceKey: key, projects } = useShell();
  const first = projects[0];
  if (first === undefined) {
    return (
      <Empty title="This workspace has no projects yet">
        <p>
          An owner or admin creates one: <code>POST /api/v1/workspaces/{key}/projects</code> with{' '}
          <code>{'{"slug": "shop", "name": "Shop"}'}</code>. Then pick it above.
        </p>
      </Empty>
    );
  }
  return <Navigate to={pathOf({ workspace: key, project: first.slug, page: 'home' })} replace />;
}
