import { Link } from 'react-router';
import { useShell } from '../../app/Shell';
import { ErrorState, Loading } from '../../app/states';
import { pathOf } from '../../app/paths';
import { formatCompact } from '../../lib/format';
import { useMembers } from '../admin/members';
import { canWriteAlerts, WHY_NOT_ALERTS } from '../alerting/access';
import { silenceSearch } from '../alerting/alertingView';
import { AlertChart } from './AlertChart';
import { SeverityBadge } from './Badges';
import { type IncidentAlert, investigating, useIncident, useRerunInvestigation } from './incidents';
import { ReportPanel } from './ReportPanel';
import { alertState, silencedOf } from './report';
import { chartedAlert, departure, labelsText } from './timeline';
import { Timeline } from './Timeline';

interface Props {
  /** The project's id (API paths) and its key as the URL names it (links). */
  project: { id: string; key: string };
  incident: string;
  onClose: () => void;
}

/** One incident: what fired, its timeline beside the report and a chart, and a re-run. */
export function IncidentDetail({ project, incident, onClose }: Props) {
  const { me, workspace, workspaceKey } = useShell();
  const detail = useIncident(project.id, incident);
  const members = useMembers(workspaceKey);
  const emails = new Map((members.data?.members ?? []).map((m) => [m.userId, m.email]));
  if (detail.isPending) {
    return <Loading what="the incident" />;
  }
  if (detail.isError) {
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { incident: summary, alerts, timeline, investigations } = detail.data;
  const silenced = detail.data.silenced ?? silencedOf(summary);
  const charted = chartedAlert(alerts);
  const place = { workspace: workspaceKey, project: project.key };
  return (
    <article className="incident-detail" aria-labelledby="incident-title" data-testid="incident-detail" data-incident={summary.id}>
      <div className="incident-head">
        <h3 id="incident-title">
          <SeverityBadge severity={summary.severity} /> {summary.title}
        </h3>
        <p className="quiet">
          {summary.service !== '' && <>Service {summary.service} · </>}
          {summary.status === 'open' ? 'open' : 'resolved'} since {new Date(summary.resolvedAt ?? summary.openedAt).toLocaleString()}
          {silenced && ' · silenced: nobody was notified'}
        </p>
        <div className="admin-actions">
          <Rerun project={project.id} incident={summary.id} busy={investigating(detail.data)} allowed={canWriteAlerts(workspace.role)} />
          {summary.service !== '' && (
            <Link to={`${pathOf({ workspace: workspaceKey, page: 'alerting' })}${silenceSearch({ service: summary.service })}`}>
              Silence alerts of {summary.service}
            </Link>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <AlertsList alerts={alerts} />
      <div className="incident-columns">
        <section aria-labelledby="incident-timeline-title">
          <h3 id="incident-timeline-title">Timeline</h3>
          <Timeline events={timeline} emails={emails} me={me.user?.id} />
        </section>
        <div className="incident-beside">
          <ReportPanel investigations={investigations} place={place} />
          {charted !== undefined && <AlertChart project={project.id} alert={charted} />}
        </div>
      </div>
    </article>
  );
}

function Rerun({ project, incident, busy, allowed }: { project: string; incident: string; busy: boolean; allowed: boolean }) {
  const rerun = useRerunInvestigation(project, incident);
  const why = allowed ? (busy ? 'An investigation of this incident is under way.' : undefined) : WHY_NOT_ALERTS.write;
  return (
    <>
      <button type="button" className="primary" disabled={!allowed || busy || rerun.isPending} title={why} onClick={() => rerun.mutate()}>
        {rerun.isPending ? 'Starting…' : 'Re-run investigation'}
      </button>
      {rerun.isError && <ErrorState error={rerun.error} />}
    </>
  );
}

function AlertsList({ alerts }: { alerts: IncidentAlert[] }) {
  if (alerts.length === 0) {
    return null;
  }
  return (
    <table className="incident-alerts">
      <caption>What fired</caption>
      <thead>
        <tr>
          <th scope="col">Alert</th>
          <th scope="col">State</th>
          <th scope="col">Value</th>
          <th scope="col">Labels</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <tr key={`${alert.source}-${alert.seriesKey}`}>
            <td>
              {alert.summary}
              <div className="quiet">{alert.source}</div>
            </td>
            <td>
              {alertState(alert)}
              {alert.silencedBy !== null && alert.silencedBy !== undefined && <div className="quiet">silenced</div>}
            </td>
            <td>
              {alert.value === null ? '—' : formatCompact(alert.value)}
              <div className="quiet">{departure(alert.value, alert.baseline) ?? ''}</div>
            </td>
            <td className="incident-labels">{labelsText(alert.labels)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
