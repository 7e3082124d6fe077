import { Link } from 'react-router';
import { pathOf } from '../../app/paths';
import { TIER_RULES } from '../alerting/actions';
import { WHY_NOT_ALERTS } from '../alerting/access';
import { formatChatUrl } from '../chat/chatUrl';
import { incidentSearch } from '../incidents/incidentsView';
import type { Approval } from './approvals';
import { actionName, countdown, escalation, inputText } from './approvalView';

interface Props {
  approval: Approval;
  workspace: string;
  /** The project of its incident, as the URL names it; undefined when unknown. */
  project: string | undefined;
  now: number;
  busy: boolean;
  onDecide: (decision: 'approve' | 'deny') => void;
}

/** One pending request: the action and its input, why the model asks, the tier and who decides, the time left. */
export function ApprovalCard({ approval, workspace, project, now, busy, onDecide }: Props) {
  const name = actionName(approval);
  const left = countdown(approval.deadline, now);
  const rules = TIER_RULES[approval.tier];
  const input = inputText(approval.input);
  return (
    <article className="approval-card" aria-labelledby={`approval-${approval.id}`} data-testid="approval-card" data-approval={approval.id} data-action={name}>
      <div className="approval-head">
        <h4 id={`approval-${approval.id}`}>
          <code>{name}</code> <span className={`incident-badge approval-tier-${approval.tier}`}>{approval.tier}</span>
          {escalation(approval) !== undefined && <span className="quiet"> ({escalation(approval)})</span>}
        </h4>
        <span
          className={left.urgent ? 'approval-countdown approval-urgent' : 'approval-countdown'}
          data-testid="approval-countdown"
          title={`Deadline ${new Date(approval.deadline).toLocaleString()}`}
        >
          {left.text}
        </span>
      </div>
      <p>
        <strong>Why:</strong> {approval.reason}
      </p>
      {input !== '' && (
        <>
          <h5>Input</h5>
          <pre className="incident-detail">{input}</pre>
        </>
      )}
      <p className="quiet">
        Approved by {approval.approvers ?? rules?.approvers ?? approval.tier}; unanswered, it escalates to the next tier’s approvers
        {approval.tier === 'critical' ? ' — at this tier it expires' : ''}.
        {approval.votes.length > 0 && ` Votes so far: ${approval.votes.map((v) => `${v.email ?? 'someone'} ${v.decision}`).join(', ')}.`}
      </p>
      <Links approval={approval} workspace={workspace} project={project} />
      <div className="admin-actions">
        <button
          type="button"
          className="primary"
          disabled={!approval.canDecide || busy}
          title={approval.canDecide ? undefined : WHY_NOT_ALERTS.vote}
          aria-label={`Approve ${name}`}
          onClick={() => onDecide('approve')}
        >
          Approve
        </button>
        <button
          type="button"
          className="admin-danger"
          disabled={!approval.canDecide || busy}
          title={approval.canDecide ? undefined : WHY_NOT_ALERTS.vote}
          aria-label={`Deny ${name}`}
          onClick={() => onDecide('deny')}
        >
          Deny
        </button>
        {!approval.canDecide && <span className="quiet">{WHY_NOT_ALERTS.vote}</span>}
      </div>
    </article>
  );
}

export function Links({ approval, workspace, project }: { approval: Approval; workspace: string; project: string | undefined }) {
  if (project === undefined || (approval.incidentId === null && approval.sessionId === null)) {
    return null;
  }
  return (
    <p className="approval-links">
      {approval.incidentId !== null && (
        <Link to={`${pathOf({ workspace, project, page: 'incidents' })}${incidentSearch(approval.incidentId)}`} data-testid="approval-incident">
          The incident
        </Link>
      )}
      {approval.incidentId !== null && approval.sessionId !== null && ' · '}
      {approval.sessionId !== null && <Link to={formatChatUrl({ workspace, project, session: approval.sessionId })}>The investigation in chat</Link>}
    </p>
  );
}
