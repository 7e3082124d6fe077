import { useParams } from 'react-router';

const COMING = [
  ['Chat', 'ask the agent about this project and see its evidence as charts and traces'],
  ['Trace explorer', 'search traces, a duration heatmap, and BubbleUp on a brushed region'],
  ['Trace view', 'the waterfall with its critical path, span details and logs'],
  ['Logs', 'search and live tail, each log linked to its trace'],
  ['LLM usage', 'tokens and cost by model and service over time'],
  ['Metrics', 'a metric over time, grouped by an attribute'],
  ['Admin', 'API keys and the audit log (members are here already)'],
] as const;

export default function ProjectHome() {
  const { project = '' } = useParams();
  return (
    <section>
      <h2>Project {project}</h2>
      <p>This is the first slice of the web UI. These pages are coming:</p>
      <ul className="coming">
        {COMING.map(([name, what]) => (
          <li key={name}>
            <strong>{name}</strong>: {what}
          </li>
        ))}
      </ul>
      <p className="quiet">
        Until then the query and agent APIs answer with curl; their description is at <a href="/v3/api-docs">/v3/api-docs</a>.
      </p>
    </section>
  );
}
