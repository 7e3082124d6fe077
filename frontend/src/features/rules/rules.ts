import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { Severity } from '../incidents/incidents';

export type Signal = 'spans' | 'logs' | 'metrics';

/** Measures of spans: latencies in milliseconds, error rates 0..1; the attribute ones need `attribute`. */
export const SPAN_MEASURES = ['error_rate', 'count', 'p50', 'p90', 'p95', 'p99', 'avg', 'attribute_avg', 'attribute_p99'] as const;
export type SpanMeasure = (typeof SPAN_MEASURES)[number];

/** A measure of the spans that match the service and every filter (attribute key to the value it must equal). */
export interface SpanQuery {
  signal: 'spans';
  measure: SpanMeasure;
  attribute?: string | null;
  service?: string | null;
  filters: Record<string, string>;
  /** `service_name`, `name` or attribute keys, at most 3. */
  groupBy: string[];
  minVolume: number;
}

/** A count of log records; grouped by `service_name` or not at all. */
export interface LogQuery {
  signal: 'logs';
  service?: string | null;
  /** The lowest OTLP severity number counted: 9 INFO, 13 WARN, 17 ERROR. */
  minSeverity?: number | null;
  bodyContains?: string | null;
  groupBy: string[];
}

/** What a metric rule computes over its window, as the metric queries do for one bucket. */
export const METRIC_AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'rate', 'quantiles'] as const;
export type MetricAggregation = (typeof METRIC_AGGREGATIONS)[number];

/** An aggregation of a metric's data points that match the service and every filter. */
export interface MetricQuery {
  signal: 'metrics';
  metric: string;
  aggregation: MetricAggregation;
  /** For `quantiles` only: strictly between 0 and 1 (0.99 for p99). */
  quantile?: number | null;
  service?: string | null;
  /** Data point attribute key (`resource.…` for resource attributes) to the value it must equal. */
  filters: Record<string, string>;
  /** Attribute keys (`resource.…` for resource attributes; `service_name` for the service), at most 3. */
  groupBy: string[];
}

export type RuleQuery = SpanQuery | LogQuery | MetricQuery;

export type Direction = 'above' | 'below';
export type BaselineKind = 'day_before' | 'week_before' | 'trailing';

export type Condition =
  | { type: 'threshold'; direction: Direction; value: number }
  | { type: 'change'; direction: Direction; baseline: BaselineKind; trailingHours?: number; factor: number; minDifference: number };

/** What POST and PUT take: a rule without its id and bookkeeping (the service refuses unknown fields). */
export interface RuleBody {
  name: string;
  query: RuleQuery;
  condition: Condition;
  /** `10m`, `1h30m`, `30s`. */
  window: string;
  interval: string;
  severity: Severity;
  labels: Record<string, string>;
  channelIds: string[];
  investigate: boolean;
  enabled: boolean;
}

export interface Rule extends RuleBody {
  id: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One step of the preview, as the chart reads it. */
export interface PreviewPoint {
  at: string;
  value: number | null;
  baseline: number | null;
  breaching: boolean;
}

/** The preview's answer: points, or the series of the rule's groups (see previewChart.ts). */
export type Preview = unknown;

const base = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}/alert-rules`;
const rulesKey = (project: string) => ['projects', project, 'alert-rules'];

export function useRules(project: string) {
  return useQuery({ queryKey: rulesKey(project), queryFn: () => api.get<Rule[]>(base(project)) });
}

export function useRule(project: string, rule: string | undefined) {
  return useQuery({
    queryKey: [...rulesKey(project), rule],
    queryFn: () => api.get<Rule>(`${base(project)}/${encodeURIComponent(rule ?? '')}`),
    enabled: rule !== undefined,
  });
}

/** Creates the rule, or changes the one with `id`. */
export function useSaveRule(project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | undefined; body: RuleBody }) =>
      id === undefined ? api.post<Rule>(base(project), body) : api.put<Rule>(`${base(project)}/${encodeURIComponent(id)}`, body),
    // The editor opens the saved one at once (no second read), the list reads again.
    onSuccess: (saved) => queries.setQueryData([...rulesKey(project), saved.id], saved),
    onSettled: () => queries.invalidateQueries({ queryKey: rulesKey(project), exact: true }),
  });
}

export function useDeleteRule(project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(project)}/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: rulesKey(project) }),
  });
}

/**
 * The rule's query over the last day with its condition applied. The body is the key: the same
 * rule is not asked twice, a changed one is (the last answer stays shown meanwhile).
 */
export function usePreview(project: string, body: RuleBody | undefined) {
  return useQuery({
    queryKey: [...rulesKey(project), 'preview', body],
    queryFn: () => api.post<Preview>(`${base(project)}/preview`, body),
    enabled: body !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

/** A stored rule as the body POST, PUT and the preview take: its id and bookkeeping left out. */
export function bodyOfRule(rule: Rule): RuleBody {
  const { name, query, condition, window, interval, severity, labels, channelIds, investigate, enabled } = rule;
  return { name, query, condition, window, interval, severity, labels, channelIds, investigate, enabled };
}
