import { Link } from 'react-router';
import { hasTraceId, traceHref } from '../../lib/links';
import { formatChatUrl } from '../chat/chatUrl';
import { InvestigationBadge } from './Badges';
import type { Evidence, Investigation, Report } from './incidents';
import { latestInvestigation, reportEvidence } from './report';

interface Place {
  /** The workspace and project as the URL names them, for links. */
  workspace: string;
  project: string;
}

/** The latest investigation's report: summary, cause, confidence, evidence, what is open, the chat. */
export function ReportPanel({ investigations, place }: { investigations: Investigation[]; place: Place }) {
  const latest = latestInvestigation(investigations);
  if (latest === undefined) {
    return (
      <section className="incident-report" aria-labelledby="incident-report-title">
        <h3 id="incident-report-title">Report</h3>
        <p className="quiet">No investigation yet: a rule marked to investigate, or an anomaly above its severity, starts one.</p>
      </section>
    );
  }
  return (
    <section className="incident-report" aria-labelledby="incident-report-title" data-testid="incident-report" data-status={latest.status}>
      <h3 id="incident-report-title">
        Report <InvestigationBadge status={latest.status} />
      </h3>
      {latest.status === 'queued' && <p role="status">Waiting for a free investigator (a workspace runs a few at once)…</p>}
      {latest.status === 'running' && <p role="status">The agent is investigating; the report appears here when it is written.</p>}
      {latest.status === 'failed' && (
        <p className="incident-problem" role="alert">
          The investigation failed: {latest.error ?? 'no reason given'}. Re-run it, or continue in chat.
        </p>
      )}
      {latest.report !== null && <ReportBody report={latest.report} place={place} />}
      {latest.sessionId !== null && (
        <p>
          <Link to={formatChatUrl({ ...place, session: latest.sessionId })} data-testid="continue-in-chat">
            Continue the investigation in chat
          </Link>
        </p>
      )}
    </section>
  );
}

function ReportBody({ report, place }: { report: Report; place: Place }) {
  const evidence = reportEvidence(report);
  return (
    <>
      <p className="incident-summary" data-testid="report-summary">
        {report.summary}
      </p>
      <dl className="incident-facts">
        <dt>Suspected cause</dt>
        <dd data-testid="report-cause">{report.suspectedCause === '' ? 'none named' : report.suspectedCause}</dd>
        <dt>Confidence</dt>
        <dd>{report.confidence}</dd>
        <dt>Not determined</dt>
        <dd>{report.notDetermined === '' ? 'nothing said' : report.notDetermined}</dd>
      </dl>
      <h4>Evidence</h4>
      {evidence.length === 0 ? (
        <p className="quiet">No evidence listed.</p>
      ) : (
        <ul className="incident-evidence" data-testid="report-evidence">
          {evidence.map((item, index) => (
            <EvidenceItem key={`${item.kind}-${index}`} item={item} place={place} />
          ))}
        </ul>
      )}
    </>
  );
}

function EvidenceItem({ item, place }: { item: Evidence; place: Place }) {
  return (
    <li data-kind={item.kind}>
      <span className="incident-badge">{item.kind}</span> {item.title}
      {hasTraceId(item.traceId) && (
        <>
          {' '}
          <Link
            to={traceHref(place.workspace, place.project, item.traceId)}
            className="incident-trace"
            data-testid="evidence-trace"
            title={`Open trace ${item.traceId}`}
          >
            {item.traceId.slice(0, 16)}…
          </Link>
        </>
      )}
      {item.detail !== null && item.detail !== '' && (
        <details>
          <summary>Details</summary>
          <pre className="incident-detail">{item.detail}</pre>
        </details>
      )}
    </li>
  );
}
