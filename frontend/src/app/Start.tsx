import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { ACCEPT_PATH } from '../features/invitations/acceptLink';
import { takeReturnPath } from '../lib/api';
import { type Me, workspaceKey } from './me';
import { pathOf } from './paths';
import { useShell } from './Shell';
import { SignedIn } from './SignedIn';
import { Empty } from './states';

/** `/`: the first of your workspaces. */
export function Start() {
  return <SignedIn>{(me) => <FirstWorkspace me={me} />}</SignedIn>;
}

function FirstWorkspace({ me }: { me: Me }) {
  const [back] = useState(takeReturnPath);
  if (back !== undefined) {
    return <Navigate to={back} replace />;
  }
  const first = me.workspaces[0];
  if (first === undefined) {
    return (
      <Empty title="You are not in any workspace yet">
        <p>
          Ask a workspace owner or admin to invite {me.user?.email ?? 'you'}, then open the invitation link they send,
          or <Link to={ACCEPT_PATH}>paste its token</Link>.
        </p>
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
