import { Link } from 'react-router';
import { InvestigationBadge, SeverityBadge } from './Badges';
import type { IncidentSummary } from './incidents';
import { formatIncidentsView, type IncidentsView } from './incidentsView';
import { alertCountOf, investigationSummary, silencedOf } from './report';
import { relative } from './timeline';

interface Props {
  incidents: IncidentSummary[];
  view: IncidentsView;
  now: number;
}

/** The incidents, newest first; a title opens the incident beside the list (`?incident=`). */
export function IncidentList({ incidents, view, now }: Props) {
  const sorted = [...incidents].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  return (
    <table className="incident-list" data-testid="incident-list">
      <caption className="visually-hidden">Incidents, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Incident</th>
          <th scope="col">Service</th>
          <th scope="col">Opened</th>
          <th scope="col">Status</th>
          <th scope="col">Silenced</th>
          <th scope="col">Investigation</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((incident) => (
          <tr
            key={incident.id}
            data-testid="incident-row"
            data-incident={incident.id}
            data-service={incident.service}
            className={incident.id === view.incident ? 'incident-selected' : undefined}
            aria-current={incident.id === view.incident ? 'true' : undefined}
          >
            <td>
              <SeverityBadge severity={incident.severity} />
            </td>
            <td>
              <Link to={`?${formatIncidentsView({ ...view, incident: incident.id }).toString()}`} title={incident.title}>
                {incident.title}
              </Link>
              {alertCountOf(incident) > 1 && <span className="quiet"> · {alertCountOf(incident)} alerts firing</span>}
            </td>
            <td>{incident.service === '' ? <span className="quiet">—</span> : incident.service}</td>
            <td title={new Date(incident.openedAt).toLocaleString()}>{relative(incident.openedAt, now)}</td>
            <td className={`incident-status-${incident.status}`}>
              {incident.status}
              {incident.resolvedAt !== null && <span className="quiet"> {relative(incident.resolvedAt, now)}</span>}
            </td>
            <td>{silencedOf(incident) ? 'silenced' : <span className="quiet">no</span>}</td>
            <td title={investigationSummary(incident)}>
              <InvestigationBadge status={incident.investigation?.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
