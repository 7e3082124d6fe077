import { Link, useParams, useSearchParams } from 'react-router';
import { pathOf } from '../../app/paths';
import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { ApiError } from '../../lib/api';
import { BaselineDiffPanel } from './BaselineDiffPanel';
import { useEvalReport } from './evals';
import { formatRunView, parseRunView, type RunView } from './evalsView';
import { RunHeader } from './RunHeader';
import { ScenarioSection } from './ScenarioSection';
import { SummaryTables } from './SummaryTables';

/**
 * One run of the suite (`/evals/{run}`): what ran, its summary overall, by tag and by category, the
 * regressions and fixes against its baseline, and its scenarios with their questions. The filters
 * and the scenarios opened are in the URL.
 */
export default function EvalRunPage() {
  const { workspaceKey } = useShell();
  const { run = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const view = parseRunView(params);
  const show = (next: RunView) => setParams(formatRunView(next));
  const report = useEvalReport(run);
  return (
    <section className="evals" data-testid="eval-run-page" data-run={run}>
      <p>
        <Link to={pathOf({ workspace: workspaceKey, page: 'evals' })}>All eval runs</Link>
      </p>
      {report.isPending && <Loading what="the run's report" />}
      {report.isError &&
        (report.error instanceof ApiError && (report.error.status === 404 || report.error.status === 400) ? (
          <Empty title="No such eval run">
            <p>{report.error.message}</p>
          </Empty>
        ) : (
          <ErrorState error={report.error} onRetry={() => void report.refetch()} />
        ))}
      {report.data !== undefined && (
        <>
          <RunHeader report={report.data} />
          <SummaryTables summary={report.data.summary} />
          {report.data.diff !== null && <BaselineDiffPanel report={report.data} view={view} workspace={workspaceKey} />}
          <ScenarioSection results={report.data.results} view={view} onView={show} />
        </>
      )}
    </section>
  );
}
