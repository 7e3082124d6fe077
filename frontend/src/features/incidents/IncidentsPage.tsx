import { Link, useParams, useSearchParams } from 'react-router';
import { pathOf } from '../../app/paths';
import { useProject, useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { useNow } from '../../lib/useNow';
import { CurrentAlerts } from './CurrentAlerts';
import { IncidentDetail } from './IncidentDetail';
import { IncidentList } from './IncidentList';
import { useIncidents } from './incidents';
import { formatIncidentsView, type IncidentsView, parseIncidentsView, STATUS_FILTERS } from './incidentsView';

const FILTER_LABEL = { open: 'Open', resolved: 'Resolved', all: 'All' } as const;

/**
 * The project's incidents: open, resolved or all; one opened with its timeline, report and chart
 * (`?incident=`); the alerts pending or firing now. All of the view is in the URL.
 */
export default function IncidentsPage() {
  const project = useProject();
  const { workspaceKey } = useShell();
  const { project: projectKey = project.slug } = useParams();
  const [params, setParams] = useSearchParams();
  const view = parseIncidentsView(params);
  const show = (next: IncidentsView) => setParams(formatIncidentsView(next));
  const incidents = useIncidents(project.id, view.status);
  const now = useNow(30_000);
  return (
    <section className="incidents" data-testid="incidents-page">
      <h2>Incidents of {project.name}</h2>
      <p className="quiet">
        Opened by the anomaly detectors and your{' '}
        <Link to={pathOf({ workspace: workspaceKey, project: projectKey, page: 'rules' })}>alert rules</Link>; each can be investigated by the
        agent, whose report shows beside the timeline.
      </p>
      <div className="incident-filters" role="group" aria-label="Which incidents">
        {STATUS_FILTERS.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={view.status === status}
            onClick={() => show({ ...view, status })}
          >
            {FILTER_LABEL[status]}
          </button>
        ))}
      </div>
      {incidents.isPending && <Loading what="the incidents" />}
      {incidents.isError && <ErrorState error={incidents.error} onRetry={() => void incidents.refetch()} />}
      {incidents.data !== undefined && incidents.data.length === 0 && (
        <Empty title={view.status === 'open' ? 'No open incidents' : 'No incidents here'}>
          <p>
            {view.status === 'open'
              ? 'Nothing is firing. The anomaly detectors watch every service’s error rate and latency; add a rule for anything else.'
              : 'Try another filter above.'}
          </p>
        </Empty>
      )}
      {incidents.data !== undefined && incidents.data.length > 0 && (
        <IncidentList incidents={incidents.data} view={view} now={now} />
      )}
      {view.incident !== undefined && (
        <IncidentDetail
          key={view.incident}
          project={{ id: project.id, key: projectKey }}
          incident={view.incident}
          onClose={() => show({ status: view.status })}
        />
      )}
      <CurrentAlerts project={project.id} view={view} now={now} />
    </section>
  );
}
