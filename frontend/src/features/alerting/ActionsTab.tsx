import { useState } from 'react';
import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { ApiError } from '../../lib/api';
import { ConfirmButton } from '../admin/ConfirmButton';
import { OneTimeSecret } from '../admin/OneTimeSecret';
import { canManageIntegrations, WHY_NOT_ALERTS } from './access';
import { ActionForm } from './ActionForm';
import { type Action, secretOf, TIER_RULES, useActions, useDeleteAction } from './actions';

/**
 * The catalogue of actions the agent may propose, each a signed webhook with a risk tier. Admins
 * add and delete; others read it (or, when the service keeps it from them, why not).
 */
export function ActionsTab() {
  const { workspace, workspaceKey } = useShell();
  const admin = canManageIntegrations(workspace.role);
  const actions = useActions(workspaceKey);
  const remove = useDeleteAction(workspaceKey);
  const [created, setCreated] = useState<{ action: Action; secret: string }>();
  const refused = actions.error instanceof ApiError && actions.error.status === 403;
  return (
    <div data-testid="actions-tab">
      <p className="quiet">
        The agent may propose these actions during an investigation; each waits for the approvals its tier needs (see the
        Approvals page), then its webhook is called, signed.
      </p>
      {admin ? (
        <ActionForm
          workspace={workspaceKey}
          onCreated={(answer) => {
            const { action, secret } = secretOf(answer);
            setCreated(secret === undefined ? undefined : { action, secret });
          }}
        />
      ) : (
        <p className="admin-warning" data-testid="actions-read-only">
          {WHY_NOT_ALERTS.integrations}
        </p>
      )}
      {created !== undefined && (
        <OneTimeSecret testId="action-secret" title={`Action “${created.action.name}” added: its signing secret`} secret={created.secret} onDone={() => setCreated(undefined)}>
          <p>Its webhook receives each call signed with this secret, as the notification webhooks are.</p>
        </OneTimeSecret>
      )}
      <section aria-labelledby="actions-title">
        <h3 id="actions-title">Catalogue</h3>
        {actions.isPending && <Loading what="the action catalogue" />}
        {refused && (
          <Empty title="Admins manage the action catalogue">
            <p>{WHY_NOT_ALERTS.integrations}</p>
          </Empty>
        )}
        {actions.isError && !refused && <ErrorState error={actions.error} onRetry={() => void actions.refetch()} />}
        {remove.isError && <ErrorState error={remove.error} />}
        {actions.data !== undefined && actions.data.length === 0 && (
          <Empty title="No actions yet">
            <p>Without actions the agent only reports; add one (a rollback, a scale-up, a ticket) to let it propose it.</p>
          </Empty>
        )}
        {actions.data !== undefined && actions.data.length > 0 && (
          <table data-testid="action-list">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">What it does</th>
                <th scope="col">Webhook</th>
                <th scope="col">Risk tier</th>
                {admin && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {actions.data.map((action) => (
                <tr key={action.id} data-testid="action-row" data-action={action.name}>
                  <td>
                    <code>{action.name}</code>
                    {!action.enabled && <div className="quiet">off</div>}
                  </td>
                  <td>{action.description}</td>
                  <td className="channel-target">{action.url}</td>
                  <td>
                    {action.tier}
                    <div className="quiet">
                      {action.approvers ?? TIER_RULES[action.tier]?.approvers}; waits {action.waits ?? TIER_RULES[action.tier]?.wait}
                    </div>
                  </td>
                  {admin && (
                    <td>
                      <ConfirmButton
                        label="Delete"
                        name={`Delete action ${action.name}`}
                        question="The agent can no longer propose it; requests already made stay."
                        confirmLabel="Delete action"
                        disabled={remove.isPending}
                        onConfirm={() => remove.mutate(action.id)}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
