import { useMemo } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { LineChart } from '../../lib/charts/LineChart';
import { useMetricQuery } from './metrics';
import { displayUnit, metricChart } from './metricChart';
import { type Aggregation, type Metric, metricBody, type MetricsQuery } from './metricsQuery';

interface Props {
  projectId: string;
  query: MetricsQuery;
  metric: Metric;
  aggregation: Aggregation;
  period: { from: string; to: string };
}

/** One metric over time, a line per group and measure. */
export function MetricView({ projectId, query, metric, aggregation, period }: Props) {
  const body = metricBody(query, aggregation, period);
  const answer = useMetricQuery(projectId, body);
  const chart = useMemo(() => (answer.data === undefined ? undefined : metricChart(answer.data)), [answer.data]);

  if (answer.isPending) {
    return <Loading what={`${metric.name} over time`} />;
  }
  if (answer.isError) {
    return <ErrorState error={answer.error} onRetry={() => void answer.refetch()} />;
  }
  const unit = displayUnit(answer.data.unit);
  const grouped = query.groupBy === undefined ? '' : ` by ${query.groupBy.key}`;
  const title = `${metric.name}, ${aggregation}${grouped}${unit === undefined ? '' : ` (${unit})`}`;
  const empty = chart === undefined || chart.series.every((s) => s.values.every((v) => v === null));
  return (
    <section aria-label={title} className="metrics-view">
      <h3>{title}</h3>
      {metric.description !== '' && <p className="quiet">{metric.description}</p>}
      {empty || chart === undefined ? (
        <Empty title="No data points match">
          <p>Remove a condition or the service, or widen the time range.</p>
        </Empty>
      ) : (
        <LineChart x={chart.x} series={chart.series} title={title} unit={unit} testId="metric-chart" height={300} />
      )}
      <p className="quiet">
        Buckets of {answer.data.bucketWidth.replace(/^PT?/, '').toLowerCase()}; gaps are buckets without data.
        {answer.data.omittedGroups > 0 && ` ${answer.data.omittedGroups} smaller groups are not shown.`}
      </p>
    </section>
  );
}
