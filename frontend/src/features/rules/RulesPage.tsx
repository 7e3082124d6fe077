import { Link, useSearchParams } from 'react-router';
import { useProject, useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { canWriteAlerts, WHY_NOT_ALERTS } from '../alerting/access';
import { RuleEditor } from './RuleEditor';
import { RuleList } from './RuleList';
import { useRules } from './rules';
import { SloEditor } from './SloEditor';
import { SloList } from './SloList';
import { useSlos } from './slos';
import { formatRulesView, parseRulesView, ruleSearch, type RuleSelection } from './rulesView';

/**
 * The project's alert rules and SLOs, and the editor of one (`?rule=<id>`, `?slo=<id>`) or a new
 * one (`?rule=new`, `?slo=new`).
 */
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
      {(selection.kind === 'new' || selection.kind === 'edit') && (
        <RuleEditor
          key={selection.kind === 'edit' ? selection.id : 'new'}
          project={project.id}
          id={selection.kind === 'edit' ? selection.id : undefined}
          onSaved={(rule) => select({ kind: 'edit', id: rule.id })}
          onClose={() => select({ kind: 'none' })}
        />
      )}
      <Slos project={project.id} selection={selection} allowed={allowed} select={select} />
    </section>
  );
}

function Slos({ project, selection, allowed, select }: {
  project: string;
  selection: RuleSelection;
  allowed: boolean;
  select: (next: RuleSelection) => void;
}) {
  const slos = useSlos(project);
  return (
    <section className="slos" aria-labelledby="slos-title">
      <h2 id="slos-title">SLOs</h2>
      <p className="quiet">
        An objective over the share of good spans; it alerts when the error budget burns too fast.{' '}
        {allowed && (
          <Link to={ruleSearch({ kind: 'new-slo' })} className="button">
            New SLO
          </Link>
        )}
      </p>
      {slos.isPending && <Loading what="the SLOs" />}
      {slos.isError && <ErrorState error={slos.error} onRetry={() => void slos.refetch()} />}
      {slos.data !== undefined && slos.data.length === 0 && selection.kind !== 'new-slo' && <p className="quiet">No SLOs yet.</p>}
      {slos.data !== undefined && slos.data.length > 0 && <SloList slos={slos.data} selection={selection} />}
      {(selection.kind === 'new-slo' || selection.kind === 'slo') && (
        <SloEditor
          key={selection.kind === 'slo' ? selection.id : 'new'}
          project={project}
          id={selection.kind === 'slo' ? selection.id : undefined}
          onSaved={(slo) => select({ kind: 'slo', id: slo.id })}
          onClose={() => select({ kind: 'none' })}
        />
      )}
    </section>
  );
}
