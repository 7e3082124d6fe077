import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { MetricSeriesAnswer } from './metricChart';
import type { Metric, MetricQueryBody } from './metricsQuery';

export interface MetricCatalog {
  metrics: Metric[];
  truncated: boolean;
}

const base = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/metrics`;

/** The metrics with data points in the period. */
export function useMetricNames(projectId: string, period: { from: string; to: string }) {
  const search = new URLSearchParams({ from: period.from, to: period.to });
  return useQuery({
    queryKey: ['projects', projectId, 'metrics', 'names', period.from, period.to],
    queryFn: () => api.get<MetricCatalog>(`${base(projectId)}/names?${search.toString()}`),
  });
}

export function useMetricQuery(projectId: string, body: MetricQueryBody | undefined) {
  return useQuery({
    queryKey: ['projects', projectId, 'metrics', 'query', body],
    queryFn: () => api.post<MetricSeriesAnswer>(`${base(projectId)}/query`, body),
    enabled: body !== undefined,
  });
}
