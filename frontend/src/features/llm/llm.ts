import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { LlmUsage, TokenUsage } from '../../lib/telemetry';

/** Sums over LLM calls (docs/query-api.md, "LLM usage"). */
export interface Usage extends TokenUsage {
  calls?: number;
}

export interface UsageGroup {
  key: string[];
  usage: Usage;
}

export interface UsageReport {
  groups: UsageGroup[];
  other: UsageGroup | null;
  total: Usage;
}

export interface UsageSeries {
  bucketWidth: string;
  buckets: string[];
  series: { key: string[]; points: (Usage | null)[] }[];
  other: { key: string[]; points: (Usage | null)[] } | null;
}

/** One LLM call: its span and its usage. */
export interface LlmCall extends LlmUsage {
  traceId: string;
  spanId: string;
  serviceName: string;
  spanName: string;
  durationNanos: string;
  startTimeNanos: string;
}

export interface Period {
  from: string;
  to: string;
}

const path = (projectId: string, rest: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/llm/${rest}`;

function usageBody(period: Period, field: string) {
  return { filter: { from: period.from, to: period.to }, groupBy: [{ field }], limit: 10 };
}

export function useLlmUsage(projectId: string, period: Period, field: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'llm', 'usage', period.from, period.to, field],
    queryFn: () => api.post<UsageReport>(path(projectId, 'usage'), usageBody(period, field)),
  });
}

export function useLlmUsageSeries(projectId: string, period: Period, field: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'llm', 'usage-series', period.from, period.to, field],
    queryFn: () => api.post<UsageSeries>(path(projectId, 'usage/timeseries'), usageBody(period, field)),
  });
}

export function useLlmCalls(projectId: string, period: Period, sort: 'slowest' | 'costliest') {
  return useQuery({
    queryKey: ['projects', projectId, 'llm', 'calls', period.from, period.to, sort],
    queryFn: () => api.post<LlmCall[]>(path(projectId, 'calls'), { filter: { from: period.from, to: period.to }, sort, limit: 10 }),
  });
}
