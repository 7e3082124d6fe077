import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { useNow } from '../../lib/useNow';
import { ApprovalCard, Links } from './ApprovalCard';
import { useApprovals, useDecide } from './approvals';
import { actionName, projectOf, resultText, splitApprovals } from './approvalView';

/** Requests to run an action the agent proposed: pending ones to approve or deny in one click, then the history. */
export default function ApprovalsPage() {
  const { workspaceKey, projects } = useShell();
  const approvals = useApprovals(workspaceKey);
  const decide = useDecide(workspaceKey);
  const now = useNow(1_000);
  const { pending, history } = splitApprovals(approvals.data ?? []);
  return (
    <section className="approvals" data-testid="approvals-page">
      <h2>Approvals</h2>
      <p className="quiet">
        Nothing the agent proposes runs without the approvals its risk tier needs: info runs at once, low any member (15
        min), medium an admin (30 min), high two people one of them an owner (1 h), critical an owner (2 h).
      </p>
      {approvals.isPending && <Loading what="the approval requests" />}
      {approvals.isError && <ErrorState error={approvals.error} onRetry={() => void approvals.refetch()} />}
      {decide.isError && <ErrorState error={decide.error} />}
      {approvals.data !== undefined && (
        <section aria-labelledby="approvals-pending-title">
          <h3 id="approvals-pending-title">Waiting for a decision ({pending.length})</h3>
          {pending.length === 0 ? (
            <Empty title="Nothing waits for approval">
              <p>When an investigation proposes an action from the catalogue (Alerting, Actions), it waits here.</p>
            </Empty>
          ) : (
            pending.map((approval) => (
              <ApprovalCard
                key={approval.id}
                approval={approval}
                workspace={workspaceKey}
                project={projectOf(approval, projects)}
                now={now}
                busy={decide.isPending}
                onDecide={(decision) => decide.mutate({ id: approval.id, decision })}
              />
            ))
          )}
        </section>
      )}
      {history.length > 0 && (
        <section aria-labelledby="approvals-history-title">
          <h3 id="approvals-history-title">History</h3>
          <table data-testid="approval-history">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Tier</th>
                <th scope="col">Outcome</th>
                <th scope="col">Requested</th>
                <th scope="col">Decided by</th>
                <th scope="col">Context</th>
              </tr>
            </thead>
            <tbody>
              {history.map((approval) => (
                <tr key={approval.id} data-testid="approval-row" data-status={approval.status} data-approval={approval.id}>
                  <td>
                    <code>{actionName(approval)}</code>
                  </td>
                  <td>{approval.tier}</td>
                  <td className={`approval-${approval.status}`}>
                    {approval.status}
                    {approval.result !== null && <div className="quiet">{resultText(approval.result)}</div>}
                  </td>
                  <td>{new Date(approval.requestedAt).toLocaleString()}</td>
                  <td>{approval.votes.map((v) => `${v.email ?? 'someone'} (${v.decision})`).join(', ') || '—'}</td>
                  <td>
                    <Links approval={approval} workspace={workspaceKey} project={projectOf(approval, projects)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
