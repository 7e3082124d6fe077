import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useProject, useShell } from '../../app/Shell';
import { ErrorState, Loading } from '../../app/states';
import { ApiError } from '../../lib/api';
import { useUsage } from './billing';
import { DailyChart } from './DailyChart';
import { MeterList } from './MeterRow';
import { PlanSummary } from './PlanSummary';
import { ProjectTotals } from './ProjectTotals';
import { formatUsageView, parseUsageView, periodName, periodOf, recentPeriods, type UsageView } from './usageView';

/** Billing and usage: the workspace's plan, this month's use per meter against its limits, per project. */
export default function UsagePage() {
  const { workspaceKey } = useShell();
  const project = useProject();
  const [params, setParams] = useSearchParams();
  const view = parseUsageView(params);
  const usage = useUsage(workspaceKey, view.period);
  const apply = (next: UsageView) => setParams(formatUsageView(next));

  return (
    <section className="billing-page" data-testid="usage-page">
      <h2>Billing and usage</h2>
      <p className="quiet">For the whole workspace, with each project's share below.</p>
      <PlanSummary workspace={workspaceKey} />
      <section className="billing-usage" aria-labelledby="billing-usage-title">
        <div className="billing-usage-head">
          <h3 id="billing-usage-title">Usage in {periodName(usage.data?.period ?? view.period ?? periodOf(new Date()))}</h3>
          <PeriodPicker period={view.period} onChange={(period) => apply({ ...view, period })} />
        </div>
        {usage.isPending && <Loading what="usage" />}
        {usage.isError && (
          <>
            <ErrorState error={usage.error} onRetry={refused(usage.error) ? undefined : () => void usage.refetch()} />
            {refused(usage.error) && <p>Pick this month or an earlier one above.</p>}
          </>
        )}
        {usage.data !== undefined && (
          <>
            <p className="quiet" data-testid="usage-as-of">
              {usage.data.complete ? 'The month is over. ' : 'So far this month. '}
              Held against the limits of the plan in effect now; stored data is counted every few minutes (as of{' '}
              {usage.data.asOf.slice(0, 16).replace('T', ' ')} UTC).
            </p>
            <MeterList meters={usage.data.meters} complete={usage.data.complete} />
            <DailyChart
              meters={usage.data.meters}
              meter={view.meter}
              periodName={periodName(usage.data.period)}
              onMeter={(meter) => apply({ ...view, meter })}
            />
            <ProjectTotals
              projects={usage.data.projects}
              current={project.id}
              month={periodName(usage.data.period)}
              complete={usage.data.complete}
            />
          </>
        )}
      </section>
    </section>
  );
}

/** A month the API refuses (not begun, or not a month): retrying will not help. */
const refused = (error: unknown) => error instanceof ApiError && error.problem.status === 400;

/** This month or one of the eleven before it; the choice goes into the URL. */
function PeriodPicker({ period, onChange }: { period: string | undefined; onChange: (period: string | undefined) => void }) {
  const periods = useMemo(() => recentPeriods(new Date(), 12), []);
  const [current, ...earlier] = periods;
  const known = period === undefined || periods.includes(period);
  return (
    <label className="billing-period">
      Month{' '}
      <select value={period ?? ''} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">This month{current === undefined ? '' : ` (${periodName(current)})`}</option>
        {!known && period !== undefined && <option value={period}>{periodName(period)}</option>}
        {earlier.map((p) => (
          <option key={p} value={p}>
            {periodName(p)}
          </option>
        ))}
      </select>
    </label>
  );
}
