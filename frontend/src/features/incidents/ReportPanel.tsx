import { Link } from 'react-router';
import { traceHref } from '../../lib/links';
import { formatChatUrl } from '../chat/chatUrl';
import { InvestigationBadge } from './Badges';
import type { Evidence, Investigation, Report } from './incidents';
import { evidenceGroups, latestInvestigation, reportEvidence } from './report';

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
  const { traces, queries, counts } = evidenceGroups(reportEvidence(report));
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
      {traces.length === 0 && queries.length === 0 && <p className="quiet">No evidence listed.</p>}
      {traces.length > 0 && (
        <div data-testid="report-evidence">
          <span className="quiet">Traces it cites: </span>
          <ul className="incident-trace-list">
            {traces.map((traceId) => (
              <li key={traceId}>
                <Link to={traceHref(place.workspace, place.project, traceId)} className="incident-trace" data-testid="evidence-trace" title={`Open trace ${traceId}`}>
                  {traceId.slice(0, 12)}…
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      {queries.length > 0 && (
        <details className="incident-queries">
          <summary>
            What it looked at: {queries.length === 1 ? '1 query' : `${queries.length} queries`} ({counts})
          </summary>
          <ul className="incident-evidence">
            {queries.map((item, index) => (
              <QueryItem key={`${item.kind}-${index}`} item={item} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function QueryItem({ item }: { item: Evidence }) {
  return (
    <li data-kind={item.kind}>
      <span className="incident-badge">{item.kind}</span> {item.title}
      {item.detail !== null && item.detail !== '' && <pre className="incident-detail">{item.detail}</pre>}
    </li>
  );
}
