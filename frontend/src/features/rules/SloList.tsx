import { Link } from 'react-router';
import type { Slo } from './slos';
import { statusText } from './sloForm';
import { ruleSearch, type RuleSelection } from './rulesView';

/** The project's SLOs with how the period goes; a name opens its editor (`?slo=<id>`). */
export function SloList({ slos, selection }: { slos: Slo[]; selection: RuleSelection }) {
  return (
    <table className="rule-list" data-testid="slo-list">
      <caption className="visually-hidden">SLOs by name</caption>
      <thead>
        <tr>
          <th scope="col">SLO</th>
          <th scope="col">Spans</th>
          <th scope="col">Objective</th>
          <th scope="col">This period</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {[...slos]
          .sort((a, b) => a.slo.name.localeCompare(b.slo.name))
          .map((slo) => {
            const current = selection.kind === 'slo' && selection.id === slo.id;
            const burning = (slo.status?.burns ?? []).filter((b) => b.rate >= b.factor).map((b) => b.alert);
            return (
              <tr key={slo.id} data-testid="slo-row" data-slo={slo.slo.name} aria-current={current ? 'true' : undefined} className={current ? 'incident-selected' : undefined}>
                <td>
                  <Link to={ruleSearch({ kind: 'slo', id: slo.id })}>{slo.slo.name}</Link>
                </td>
                <td>
                  {slo.slo.service ?? 'every service'}
                  {slo.slo.spanName !== null && ` · ${slo.slo.spanName}`}
                  {slo.slo.latencyThresholdMs !== null && <div className="quiet">bad: failed or over {slo.slo.latencyThresholdMs} ms</div>}
                </td>
                <td>
                  {slo.slo.objective} % over {slo.slo.periodDays} days
                </td>
                <td className={slo.status !== null && slo.status.budgetLeft < 0 ? 'incident-status-open' : undefined}>
                  {statusText(slo.status)}
                  {burning.length > 0 && <div className="incident-status-open">burning fast: {burning.join(', ')}</div>}
                </td>
                <td>{slo.slo.enabled ? 'enabled' : <span className="quiet">off</span>}</td>
              </tr>
            );
          })}
      </tbody>
    </table>
  );
}
