import { useMemo } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { LineChart } from '../../lib/charts/LineChart';
import { formatUsd } from '../../lib/format';
import { type Period, useLlmUsageSeries } from './llm';
import { usageChart } from './llmChart';
import { type TokenMeasure, TOKEN_MEASURES } from './llmQuery';

interface Props {
  projectId: string;
  period: Period;
  field: string;
  groupedBy: string;
  tokens: TokenMeasure;
}

/** Cost and tokens over time, stacked by group. */
export function UsageCharts({ projectId, period, field, groupedBy, tokens }: Props) {
  const series = useLlmUsageSeries(projectId, period, field);
  const cost = useMemo(() => (series.data === undefined ? undefined : usageChart(series.data, 'cost')), [series.data]);
  const tokenChart = useMemo(() => (series.data === undefined ? undefined : usageChart(series.data, tokens)), [series.data, tokens]);
  const tokenLabel = TOKEN_MEASURES.find(([value]) => value === tokens)?.[1] ?? tokens;

  if (series.isPending) {
    return <Loading what="usage over time" />;
  }
  if (series.isError) {
    return <ErrorState error={series.error} onRetry={() => void series.refetch()} />;
  }
  return (
    <>
      <h3>Cost over time by {groupedBy}</h3>
      {cost !== undefined && (
        <LineChart x={cost.x} series={cost.series} title={`Cost in USD over time by ${groupedBy}, stacked`} stacked format={formatUsd} />
      )}
      <h3>
        Tokens ({tokenLabel}) over time by {groupedBy}
      </h3>
      {tokenChart !== undefined && (
        <LineChart x={tokenChart.x} series={tokenChart.series} title={`Tokens (${tokenLabel}) over time by ${groupedBy}, stacked`} unit="tokens" stacked />
      )}
      <p className="quiet">Buckets of {series.data.bucketWidth.replace(/^PT?/, '').toLowerCase()}; stacked, so the top line is the sum.</p>
    </>
  );
}
