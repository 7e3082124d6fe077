import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useProject, useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { canChangeKey, canMakeKeys, canManageEveryKey, WHY_NOT } from './access';
import { KeyCreateForm } from './KeyCreateForm';
import { KeyRow } from './KeyRow';
import { type IssuedKey, useKeys, useRevokeKey, useRotateKey } from './keys';
import { formatKeysView, listedKeys, parseKeysView } from './keysView';
import { useMembers } from './members';
import { OneTimeSecret } from './OneTimeSecret';

/** The project's API keys: list, create (the secret shown once), rotate, revoke. */
export default function KeysPage() {
  const { workspace, workspaceKey } = useShell();
  const project = useProject();
  const [issued, setIssued] = useState<{ key: IssuedKey; how: 'created' | 'rotated' }>();
  const open = canMakeKeys(workspace.role);
  return (
    <section data-testid="keys-page">
      <h2>API keys of {project.name}</h2>
      <p>
        An <strong>ingest</strong> key sends telemetry (OTLP); a <strong>read</strong> key reads the query API and talks
        to the agent. Keys belong to the project: they keep working when the member who made them leaves, until revoked.
        {open && !canManageEveryKey(workspace.role) && ' You rotate and revoke the keys you made; admins manage every key.'}
      </p>
      <KeyCreateForm
        workspace={workspaceKey}
        project={project.id}
        why={open ? undefined : WHY_NOT.keys}
        onCreated={(key) => setIssued({ key, how: 'created' })}
      />
      {issued !== undefined && (
        <OneTimeSecret
          testId="key-secret"
          title={`Key “${issued.key.key.name}” ${issued.how} (${issued.key.key.scope})`}
          secret={issued.key.secret}
          onDone={() => setIssued(undefined)}
        >
          <p>
            Send it as <code>Authorization: Bearer …</code> (or <code>x-api-key</code>).
          </p>
        </OneTimeSecret>
      )}
      {open ? (
        <KeyList workspace={workspaceKey} project={project.id} onRotated={(key) => setIssued({ key, how: 'rotated' })} />
      ) : (
        <Empty title="Viewers do not see the project's keys">
          <p>To send or read telemetry with a key, ask an owner or admin for one, or for the member role to make your own.</p>
        </Empty>
      )}
    </section>
  );
}

function KeyList({ workspace, project, onRotated }: { workspace: string; project: string; onRotated: (key: IssuedKey) => void }) {
  const { me, workspace: role } = useShell();
  const [params, setParams] = useSearchParams();
  const view = parseKeysView(params);
  const keys = useKeys(workspace, project, true);
  const members = useMembers(workspace);
  const rotate = useRotateKey(workspace, project);
  const revoke = useRevokeKey(workspace, project);
  if (keys.isPending) {
    return <Loading what="the project's keys" />;
  }
  if (keys.isError) {
    return <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  }
  const emails = new Map((members.data?.members ?? []).map((m) => [m.userId, m.email]));
  const makerOf = (id: string | null) =>
    id === null ? 'the service' : id === me.user?.id ? 'you' : (emails.get(id) ?? 'a former member');
  const listed = listedKeys(keys.data, view, new Date());
  const failure = rotate.error ?? revoke.error;
  return (
    <section>
      <h3>Keys</h3>
      <label className="admin-toggle">
        <input type="checkbox" checked={view.showAll} onChange={(e) => setParams(formatKeysView({ showAll: e.target.checked }))} />
        Also show revoked and expired keys
      </label>
      {failure !== null && <ErrorState error={failure} />}
      {listed.length === 0 ? (
        <Empty title="No keys yet">
          <p>Create one above: an ingest key for your SDK or Collector, a read key for scripts and the agent.</p>
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Scope</th>
              <th>Made by</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listed.map((key) => (
              <KeyRow
                key={key.id}
                apiKey={key}
                maker={makerOf(key.createdBy)}
                why={canChangeKey(role.role, key, me.user?.id) ? undefined : WHY_NOT.otherKey}
                busy={rotate.isPending || revoke.isPending}
                onRotate={() => rotate.mutate(key.id, { onSuccess: onRotated })}
                onRevoke={() => revoke.mutate(key.id)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
