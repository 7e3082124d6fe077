import { Link, useParams } from 'react-router';
import { type Page, pathOf } from '../../app/paths';

const PAGES: readonly (readonly [Page, string, string])[] = [
  ['chat', 'Chat', 'ask the agent about this project; its tool calls and evidence show as charts and traces'],
  ['explore', 'Trace explorer', 'search spans, a duration heatmap, and BubbleUp on a brushed region'],
  ['logs', 'Logs', 'search and live tail, each log linked to its trace'],
  ['llm', 'LLM usage', 'tokens and cost by model and service over time, the slowest and costliest calls'],
  ['metrics', 'Metrics', 'a metric over time, grouped by an attribute'],
  ['usage', 'Usage', 'the workspace\'s plan, this month\'s use against its limits with a forecast, per project'],
  ['billing', 'Billing', 'the workspace\'s subscription: change the plan, payment methods and invoices'],
  ['members', 'Members', 'invite people, change roles, seats used'],
  ['keys', 'API keys', 'keys for ingest and the API: create, rotate, revoke'],
  ['audit', 'Audit log', 'who did what in this workspace'],
];

export default function ProjectHome() {
  const { workspace = '', project = '' } = useParams();
  return (
    <section>
      <h2>Project {project}</h2>
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
