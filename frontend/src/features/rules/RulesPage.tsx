import { Link, useSearchParams } from 'react-router';
import { useProject, useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { canWriteAlerts, WHY_NOT_ALERTS } from '../alerting/access';
import { RuleEditor } from './RuleEditor';
import { RuleList } from './RuleList';
import { useRules } from './rules';
import { formatRulesView, parseRulesView, ruleSearch, type RuleSelection } from './rulesView';

/** The project's alert rules, and the editor of one (`?rule=<id>`) or a new one (`?rule=new`). */
export default function RulesPage() {
  const project = useProject();
  const { workspace } = useShell();
  const [params, setParams] = useSearchParams();
  const selection = parseRulesView(params);
  const select = (next: RuleSelection) => setParams(formatRulesView(next));
  const rules = useRules(project.id);
  const allowed = canWriteAlerts(workspace.role);
  return (
    <section className="rules" data-testid="rules-page">
      <h2>Alert rules of {project.name}</h2>
      <p className="quiet">
        A rule measures spans or logs over a window, every interval, and fires above a threshold or on a change against a
        baseline. The anomaly detectors need no rule: they watch every service’s error rate and latency.
      </p>
      <p>
        {allowed ? (
          <Link to={ruleSearch({ kind: 'new' })} className="button primary">
            New rule
          </Link>
        ) : (
          <span className="quiet">{WHY_NOT_ALERTS.write}</span>
        )}
      </p>
      {rules.isPending && <Loading what="the rules" />}
      {rules.isError && <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data !== undefined && rules.data.length === 0 && selection.kind !== 'new' && (
        <Empty title="No rules yet">
          <p>Add one for what the detectors do not watch: a route’s latency, a queue’s errors, a log line.</p>
        </Empty>
      )}
      {rules.data !== undefined && rules.data.length > 0 && <RuleList rules={rules.data} selection={selection} />}
      {selection.kind !== 'none' && (
        <RuleEditor
          key={selection.kind === 'edit' ? selection.id : 'new'}
          project={project.id}
          id={selection.kind === 'edit' ? selection.id : undefined}
          onSaved={(rule) => select({ kind: 'edit', id: rule.id })}
          onClose={() => select({ kind: 'none' })}
        />
      )}
    </section>
  );
}
