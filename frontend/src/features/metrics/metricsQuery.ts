import { type AttributeFilterBody, type Condition, readConditions, toFilterBody, writeConditions } from '../../lib/conditions';
import { parseTimeRange, type TimeRange, writeTimeRange } from '../../lib/TimeRange';

export const AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'rate', 'quantiles'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export type MetricType = 'GAUGE' | 'SUM' | 'HISTOGRAM' | 'EXPONENTIAL_HISTOGRAM' | 'SUMMARY';

/** A metric as GET /metrics/names lists it. */
export interface Metric {
  name: string;
  type: MetricType;
  unit: string;
  description: string;
  temporalities: string[];
  monotonic: boolean;
  points: number;
  services: string[];
  attributeKeys: string[];
  resourceKeys: string[];
  aggregations: Uppercase<Aggregation>[];
}

export interface GroupBy {
  key: string;
  scope: 'record' | 'resource';
}

/** The metrics page's place: which metric, how it is aggregated and grouped, over which time. */
export interface MetricsQuery {
  time: TimeRange;
  /** '' until one is picked. */
  metric: string;
  /** Undefined: the metric's natural one ({@link defaultAggregation}). */
  aggregation?: Aggregation;
  /** For `quantiles`: each strictly between 0 and 1; empty for the API's default (p50, p90, p95, p99). */
  quantiles: number[];
  groupBy?: GroupBy;
  service: string;
  conditions: Condition[];
  /** The metric list's search text. */
  find: string;
}

function isAggregation(text: string): text is Aggregation {
  return (AGGREGATIONS as readonly string[]).includes(text);
}

/** `0.5,p95, 0.999` → [0.5, 0.95, 0.999]: numbers or p-notation, strictly between 0 and 1, at most 10. */
export function parseQuantiles(text: string): number[] {
  const values = text
    .split(/[,\s]+/)
    .filter((part) => part !== '')
    .map((part) => (/^p/i.test(part) ? Number(part.slice(1)) / 100 : Number(part)))
    .filter((q) => Number.isFinite(q) && q > 0 && q < 1)
    .map((q) => +q.toPrecision(6));
  return [...new Set(values)].slice(0, 10);
}

/** 0.95 → p95, 0.999 → p99.9. */
export function quantileLabel(q: number): string {
  return `p${+(q * 100).toPrecision(6)}`;
}

export function parseMetricsQuery(params: URLSearchParams): MetricsQuery {
  const aggregation = params.get('agg')?.toLowerCase() ?? '';
  const record = params.get('by');
  const resource = params.get('rby');
  const groupBy: GroupBy | undefined =
    record !== null && record !== '' ? { key: record, scope: 'record' } : resource !== null && resource !== '' ? { key: resource, scope: 'resource' } : undefined;
  return {
    time: parseTimeRange(params),
    metric: params.get('metric') ?? '',
    ...(isAggregation(aggregation) ? { aggregation } : {}),
    quantiles: parseQuantiles(params.get('q') ?? ''),
    ...(groupBy === undefined ? {} : { groupBy }),
    service: params.get('service') ?? '',
    conditions: readConditions(params),
    find: params.get('find') ?? '',
  };
}

export function formatMetricsQuery(query: MetricsQuery): URLSearchParams {
  const params = writeTimeRange(new URLSearchParams(), query.time);
  const set = (key: string, value: string) => value !== '' && params.set(key, value);
  set('metric', query.metric);
  set('agg', query.aggregation ?? '');
  set('q', query.quantiles.join(','));
  if (query.groupBy !== undefined) {
    params.set(query.groupBy.scope === 'record' ? 'by' : 'rby', query.groupBy.key);
  }
  set('service', query.service);
  writeConditions(params, query.conditions);
  set('find', query.find);
  return params;
}

/** What a metric is usually read as: a histogram's quantiles, a counter's rate, a gauge's average. */
export function defaultAggregation(metric: Pick<Metric, 'type' | 'aggregations'>): Aggregation | undefined {
  const allowed = metric.aggregations.map((a) => a.toLowerCase()).filter(isAggregation);
  const preferred: Aggregation[] = metric.type.endsWith('HISTOGRAM') ? ['quantiles', 'rate'] : metric.type === 'SUM' ? ['rate', 'sum'] : ['avg'];
  return preferred.find((a) => allowed.includes(a)) ?? allowed[0];
}

/** The query's aggregation when the metric allows it, else the metric's default. */
export function effectiveAggregation(query: MetricsQuery, metric: Pick<Metric, 'type' | 'aggregations'>): Aggregation | undefined {
  const chosen = query.aggregation;
  return chosen !== undefined && metric.aggregations.some((a) => a.toLowerCase() === chosen) ? chosen : defaultAggregation(metric);
}

export interface MetricQueryBody {
  metric: string;
  from: string;
  to: string;
  aggregation: Aggregation;
  quantiles?: number[];
  groupBy?: { attribute: string; scope?: 'resource' }[];
  service?: string;
  attributes?: AttributeFilterBody[];
  limit: number;
}

export function metricBody(query: MetricsQuery, aggregation: Aggregation, period: { from: string; to: string }): MetricQueryBody {
  return {
    metric: query.metric,
    from: period.from,
    to: period.to,
    aggregation,
    ...(aggregation === 'quantiles' && query.quantiles.length > 0 ? { quantiles: query.quantiles } : {}),
    ...(query.groupBy === undefined
      ? {}
      : { groupBy: [query.groupBy.scope === 'resource' ? { attribute: query.groupBy.key, scope: 'resource' as const } : { attribute: query.groupBy.key }] }),
    ...(query.service === '' ? {} : { service: query.service }),
    ...(query.conditions.length === 0 ? {} : { attributes: query.conditions.map(toFilterBody) }),
    limit: 10,
  };
}
