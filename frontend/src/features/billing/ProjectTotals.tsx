import type { ProjectUsage } from './billing';
import { formatQuantity, meterLabel } from './meters';

/** Each project's stored meters over the period, largest span count first (the API's order). */
export function ProjectTotals({ projects, current, month, complete }: {
  projects: ProjectUsage[];
  current: string;
  month: string;
  complete: boolean;
}) {
  if (projects.length === 0) {
    return (
      <p className="quiet" data-testid="project-usage-empty">
        {complete
          ? `No project stored anything in ${month}.`
          : 'No project stored anything this month yet: send telemetry and it shows here within minutes.'}
      </p>
    );
  }
  const meters = Object.keys(projects[0]?.totals ?? {});
  return (
    <table className="billing-projects" data-testid="project-usage">
      <caption>By project (the agent's tokens and cost count per workspace only)</caption>
      <thead>
        <tr>
          <th scope="col">Project</th>
          {meters.map((meter) => (
            <th scope="col" key={meter} className="billing-number">
              {meterLabel(meter)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {projects.map((project) => {
          const isCurrent = project.projectId === current;
          return (
            <tr key={project.projectId} aria-current={isCurrent ? 'true' : undefined} className={isCurrent ? 'billing-current' : undefined}>
              <th scope="row">
                {project.name ?? project.slug ?? 'a deleted project'}
                {isCurrent && <span className="billing-badge"> (this project)</span>}
              </th>
              {meters.map((meter) => (
                <td key={meter} className="billing-number">
                  {formatQuantity(meter, project.totals[meter] ?? 0)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
