import { Link } from 'react-router';
import { SeverityBadge } from '../incidents/Badges';
import type { Rule } from './rules';
import { conditionText, queryText } from './ruleText';
import { ruleSearch, type RuleSelection } from './rulesView';

/** The project's rules by name; a name opens its editor (`?rule=<id>`). */
export function RuleList({ rules, selection }: { rules: Rule[]; selection: RuleSelection }) {
  const sorted = [...rules].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <table className="rule-list" data-testid="rule-list">
      <caption className="visually-hidden">Alert rules by name</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Measures</th>
          <th scope="col">Fires when</th>
          <th scope="col">Severity</th>
          <th scope="col">Investigates</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((rule) => {
          const current = selection.kind === 'edit' && selection.id === rule.id;
          return (
            <tr key={rule.id} data-testid="rule-row" data-rule={rule.name} aria-current={current ? 'true' : undefined} className={current ? 'incident-selected' : undefined}>
              <td>
                <Link to={ruleSearch({ kind: 'edit', id: rule.id })}>{rule.name}</Link>
              </td>
              <td>{queryText(rule.query)}</td>
              <td>
                {conditionText(rule.condition, rule.window)}
                <div className="quiet">every {rule.interval}</div>
              </td>
              <td>
                <SeverityBadge severity={rule.severity} />
              </td>
              <td>{rule.investigate ? 'yes' : 'no'}</td>
              <td>{rule.enabled ? 'enabled' : <span className="quiet">off</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
