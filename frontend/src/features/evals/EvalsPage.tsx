import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { useEvalRuns } from './evals';
import { RunsTable } from './RunsTable';

/** The evaluation suite's runs, newest first; each opens as its report. */
export default function EvalsPage() {
  const { workspaceKey } = useShell();
  const runs = useEvalRuns();
  return (
    <section className="evals" data-testid="evals-page">
      <h2>Evals</h2>
      <p className="quiet">
        How the agent does on the evaluation suite: seeded scenarios whose right answers are known, each question scored
        on the facts its answer holds, what it must not claim and the traces it cites. The runs are the product's, the
        same in every workspace.
      </p>
      {runs.isPending && <Loading what="the eval runs" />}
      {runs.isError && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data !== undefined && runs.data.length === 0 && (
        <Empty title="No eval runs yet">
          <p>
            Run the suite from the repository root with <code>./dev eval</code>, or a part of it, e.g.{' '}
            <code>./dev eval healthy-01</code>. Each run is kept in this service's database and listed here.
          </p>
        </Empty>
      )}
      {runs.data !== undefined && runs.data.length > 0 && <RunsTable runs={runs.data} workspace={workspaceKey} />}
    </section>
  );
}
