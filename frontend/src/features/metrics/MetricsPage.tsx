import { useSearchParams } from 'react-router';
import { useProject } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { SendTelemetry } from '../../lib/SendTelemetry';
import { describeTimeRange, useTimeWindow } from '../../lib/TimeRange';
import { MetricControls } from './MetricControls';
import { MetricPicker } from './MetricPicker';
import { useMetricNames } from './metrics';
import { effectiveAggregation, formatMetricsQuery, type MetricsQuery, parseMetricsQuery } from './metricsQuery';
import { MetricView } from './MetricView';

/** Metrics: pick one, aggregate and group it, and see it over time. */
export default function MetricsPage() {
  const project = useProject();
  const [params, setParams] = useSearchParams();
  const query = parseMetricsQuery(params);
  const period = useTimeWindow(query.time);
  const range = { from: period.from, to: period.to };
  const names = useMetricNames(project.id, range);
  const apply = (next: MetricsQuery, replace = false) => setParams(formatMetricsQuery(next), { replace });

  const metric = names.data?.metrics.find((m) => m.name === query.metric);
  const aggregation = metric === undefined ? undefined : effectiveAggregation(query, metric);

  return (
    <section className="metrics-page data-page">
      <h2>Metrics</h2>
      <MetricControls query={query} metric={metric} aggregation={aggregation} onChange={(next) => apply(next)} onRefresh={period.refresh} />
      {names.isPending && <Loading what="the metrics of this time range" />}
      {names.isError && <ErrorState error={names.error} onRetry={() => void names.refetch()} />}
      {names.data !== undefined && names.data.metrics.length === 0 && (
        <Empty title={`No metrics in ${describeTimeRange(query.time)}`}>
          <p>Widen the time range, or send some metrics:</p>
          <SendTelemetry signal="metrics" />
        </Empty>
      )}
      {names.data !== undefined && names.data.metrics.length > 0 && (
        <div className="metrics-layout">
          <MetricPicker
            metrics={names.data.metrics}
            truncated={names.data.truncated}
            selected={query.metric}
            find={query.find}
            onFind={(find) => apply({ ...query, find }, true)}
            onPick={(picked) => {
              const { aggregation: _a, groupBy: _g, ...rest } = query;
              apply({ ...rest, metric: picked.name, quantiles: [], conditions: [], service: '' });
            }}
          />
          <div className="metrics-main">
            {query.metric === '' ? (
              <Empty title="Pick a metric">
                <p>Choose one of the metrics listed; its natural aggregation is chosen for you and can be changed above.</p>
              </Empty>
            ) : metric === undefined || aggregation === undefined ? (
              <Empty title={`No data points of “${query.metric}” in ${describeTimeRange(query.time)}`}>
                <p>
                  Widen the time range, or pick another metric (names are case-sensitive).
                  {metric !== undefined && ' Summaries cannot be aggregated: a sender’s precomputed quantiles do not combine.'}
                </p>
              </Empty>
            ) : (
              <MetricView projectId={project.id} query={query} metric={metric} aggregation={aggregation} period={range} />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
