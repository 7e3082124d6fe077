import { Link } from 'react-router';
import { ErrorState, Loading } from '../../app/states';
import { formatCompact } from '../../lib/format';
import { SeverityBadge } from './Badges';
import { useAlerts } from './incidents';
import { formatIncidentsView, type IncidentsView } from './incidentsView';
import { labelsText, relative } from './timeline';

/** The alerts pending or firing now, each linked to the incident it fires into. */
export function CurrentAlerts({ project, view, now }: { project: string; view: IncidentsView; now: number }) {
  const alerts = useAlerts(project);
  return (
    <section className="incident-current" aria-labelledby="current-alerts-title">
      <h3 id="current-alerts-title">Alerts now</h3>
      {alerts.isPending && <Loading what="the current alerts" />}
      {alerts.isError && <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />}
      {alerts.data !== undefined && alerts.data.length === 0 && <p className="quiet">Nothing is pending or firing.</p>}
      {alerts.data !== undefined && alerts.data.length > 0 && (
        <table data-testid="current-alerts">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Alert</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Value</th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.map((alert) => (
              <tr key={`${alert.source}-${alert.seriesKey}`} data-state={alert.state}>
                <td>
                  <SeverityBadge severity={alert.severity} />
                </td>
                <td>
                  {alert.incidentId === null ? (
                    alert.summary
                  ) : (
                    <Link to={`?${formatIncidentsView({ ...view, incident: alert.incidentId }).toString()}`}>{alert.summary}</Link>
                  )}
                </td>
                <td>{alert.state}</td>
                <td>{relative(alert.since, now)}</td>
                <td>
                  {alert.value === null ? '—' : formatCompact(alert.value)}
                  {alert.baseline !== null && <span className="quiet"> vs {formatCompact(alert.baseline)}</span>}
                </td>
                <td className="incident-labels">{labelsText(alert.labels)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
