import { Link, useParams } from 'react-router';
import { type Page, pathOf } from '../../app/paths';
import { useProject } from '../../app/Shell';
import { useIncidents } from '../incidents/incidents';

const PAGES: readonly (readonly [Page, string, string])[] = [
  ['chat', 'Chat', 'ask the agent about this project; its tool calls and evidence show as charts and traces'],
  ['explore', 'Trace explorer', 'search spans, a duration heatmap, and BubbleUp on a brushed region'],
  ['logs', 'Logs', 'search and live tail, each log linked to its trace'],
  ['llm', 'LLM usage', 'tokens and cost by model and service over time, the slowest and costliest calls'],
  ['metrics', 'Metrics', 'a metric over time, grouped by an attribute'],
  ['incidents', 'Incidents', 'what the anomaly detectors and your rules opened, each with its timeline and the agent\'s report'],
  ['rules', 'Alert rules', 'thresholds and changes against a baseline on spans or logs, previewed over the last day'],
  ['usage', 'Usage', 'the workspace\'s plan, this month\'s use against its limits with a forecast, per project'],
  ['billing', 'Billing', 'the workspace\'s subscription: change the plan, payment methods and invoices'],
  ['alerting', 'Alerting', 'the workspace\'s notification channels, silences and the actions the agent may propose'],
  ['approvals', 'Approvals', 'actions the agent proposed, waiting for the approvals their risk tier needs'],
  ['members', 'Members', 'invite people, change roles, seats used'],
  ['keys', 'API keys', 'keys for ingest and the API: create, rotate, revoke'],
  ['audit', 'Audit log', 'who did what in this workspace'],
];

export default function ProjectHome() {
  const { workspace = '', project = '' } = useParams();
  return (
    <section>
      <h2>Project {project}</h2>
      <OpenIncidents workspace={workspace} project={project} />
      <ul className="coming">
        {PAGES.map(([page, name, what]) => (
          <li key={page}>
            <Link to={pathOf({ workspace, project, page })}>{name}</Link>: {what}
          </li>
        ))}
      </ul>
      <p className="quiet">
        Everything here uses the documented HTTP API; its description is at <a href="/v3/api-docs">/v3/api-docs</a>.
      </p>
    </section>
  );
}

/** How many incidents are open, linked to them; nothing while unknown (an older service has none). */
function OpenIncidents({ workspace, project }: { workspace: string; project: string }) {
  const { id } = useProject();
  const open = useIncidents(id, 'open');
  if (open.data === undefined) {
    return null;
  }
  const count = open.data.length;
  return (
    <p className={count === 0 ? 'quiet' : 'home-incidents'} data-testid="home-open-incidents" data-count={count}>
      <Link to={pathOf({ workspace, project, page: 'incidents' })}>
        {count === 0 ? 'No open incidents' : count === 1 ? '1 open incident' : `${count} open incidents`}
      </Link>
    </p>
  );
}
