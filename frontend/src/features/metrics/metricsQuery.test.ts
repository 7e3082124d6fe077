import { describe, expect, it } from 'vitest';
import {
  defaultAggregation,
  effectiveAggregation,
  formatMetricsQuery,
  metricBody,
  type MetricsQuery,
  parseMetricsQuery,
  parseQuantiles,
  quantileLabel,
} from './metricsQuery';

const blank: MetricsQuery = { time: { kind: 'last', last: '1h' }, metric: '', quantiles: [], service: '', conditions: [], find: '' };

const full: MetricsQuery = {
  time: { kind: 'between', from: '2026-12-06T00:00:00Z', to: '2026-12-06T06:00:00Z' },
  metric: 'http.server.request.duration',
  aggregation: 'quantiles',
  quantiles: [0.5, 0.95, 0.999],
  groupBy: { key: 'service.version', scope: 'resource' },
  service: 'frontend',
  conditions: [{ scope: 'record', key: 'http.route', op: 'equals', value: '/checkout' }],
  find: 'http',
};

describe('the metrics page in the URL', () => {
  it.each<[string, MetricsQuery]>([
    ['nothing picked', blank],
    ['every field', full],
    ['grouped by a data point attribute', { ...blank, metric: 'http.server.requests', aggregation: 'rate', groupBy: { key: 'http.route', scope: 'record' } }],
  ])('reads back what it wrote: %s', (_name, query) => {
    expect(parseMetricsQuery(new URLSearchParams(formatMetricsQuery(query).toString()))).toEqual(query);
  });

  it('writes a short, readable URL', () => {
    expect(formatMetricsQuery({ ...blank, metric: 'process.cpu.utilization', aggregation: 'max', groupBy: { key: 'k8s.pod.name', scope: 'resource' } }).toString()).toBe(
      'range=1h&metric=process.cpu.utilization&agg=max&rby=k8s.pod.name',
    );
  });

  it('drops an aggregation it does not know', () => {
    expect(parseMetricsQuery(new URLSearchParams('metric=x&agg=median')).aggregation).toBeUndefined();
    expect(parseMetricsQuery(new URLSearchParams('metric=x&agg=RATE')).aggregation).toBe('rate');
  });
});

describe('quantiles', () => {
  it('reads numbers and p-notation, keeping those strictly between 0 and 1', () => {
    expect(parseQuantiles('p50, 0.95 p99.9,1.5,0,abc,0.95')).toEqual([0.5, 0.95, 0.999]);
    expect(parseQuantiles('')).toEqual([]);
  });

  it('names them as p-values', () => {
    expect([0.5, 0.95, 0.999].map(quantileLabel)).toEqual(['p50', 'p95', 'p99.9']);
  });
});

describe('aggregations', () => {
  it('reads a histogram as quantiles, a counter as a rate and a gauge as an average', () => {
    expect(defaultAggregation({ type: 'HISTOGRAM', aggregations: ['AVG', 'RATE', 'QUANTILES'] })).toBe('quantiles');
    expect(defaultAggregation({ type: 'SUM', aggregations: ['SUM', 'AVG', 'MIN', 'MAX', 'RATE'] })).toBe('rate');
    expect(defaultAggregation({ type: 'SUM', aggregations: ['SUM', 'AVG', 'MIN', 'MAX'] })).toBe('sum');
    expect(defaultAggregation({ type: 'GAUGE', aggregations: ['SUM', 'AVG', 'MIN', 'MAX'] })).toBe('avg');
    expect(defaultAggregation({ type: 'SUMMARY', aggregations: [] })).toBeUndefined();
  });

  it('keeps a chosen aggregation only when the metric allows it', () => {
    const gauge = { type: 'GAUGE', aggregations: ['SUM', 'AVG', 'MIN', 'MAX'] } as const;
    expect(effectiveAggregation({ ...blank, aggregation: 'max' }, { ...gauge, aggregations: [...gauge.aggregations] })).toBe('max');
    expect(effectiveAggregation({ ...blank, aggregation: 'quantiles' }, { ...gauge, aggregations: [...gauge.aggregations] })).toBe('avg');
  });
});

describe('the query body', () => {
  const period = { from: '2026-12-06T00:00:00Z', to: '2026-12-06T06:00:00Z' };

  it('sends every part of the query', () => {
    expect(metricBody(full, 'quantiles', period)).toEqual({
      metric: 'http.server.request.duration',
      ...period,
      aggregation: 'quantiles',
      quantiles: [0.5, 0.95, 0.999],
      groupBy: [{ attribute: 'service.version', scope: 'resource' }],
      service: 'frontend',
      attributes: [{ scope: 'record', key: 'http.route', op: 'equals', value: '/checkout' }],
      limit: 10,
    });
  });

  it('sends quantiles only with the quantiles aggregation, and nothing unset', () => {
    expect(metricBody({ ...full, groupBy: { key: 'http.route', scope: 'record' }, service: '', conditions: [] }, 'rate', period)).toEqual({
      metric: 'http.server.request.duration',
      ...period,
      aggregation: 'rate',
      groupBy: [{ attribute: 'http.route' }],
      limit: 10,
    });
  });
});
